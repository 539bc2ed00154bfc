import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';

/** Hash history: the page loads from file:// in Electron and from `/` in web mode, so paths must live in `#`. */
export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/datasets' },
  { path: '/datasets', name: 'datasets', component: () => import('./pages/DatasetsPage.vue'), meta: { title: 'Datasets' } },
  { path: '/runs', name: 'runs', component: () => import('./pages/RunsPage.vue'), meta: { title: 'Runs' } },
  { path: '/generate', name: 'generate', component: () => import('./pages/GeneratePage.vue'), meta: { title: 'Generate & Compare' } },
  { path: '/evaluate', name: 'evaluate', component: () => import('./pages/EvaluatePage.vue'), meta: { title: 'Evaluate' } },
  { path: '/export', name: 'export', component: () => import('./pages/ExportPage.vue'), meta: { title: 'Export' } },
  { path: '/lineage', name: 'lineage', component: () => import('./pages/LineagePage.vue'), meta: { title: 'Lineage' } },
  { path: '/system', name: 'system', component: () => import('./pages/SystemPage.vue'), meta: { title: 'System' } },
  { path: '/:pathMatch(.*)*', redirect: '/datasets' },
];

declare module 'vue-router' {
  interface RouteMeta {
    title?: string;
  }
}

export function createAppRouter() {
  return createRouter({ history: createWebHashHistory(), routes });
}
