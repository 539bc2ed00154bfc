import { h, type FunctionalComponent } from 'vue';

/**
 * Line icons drawn inline (no icon font or CDN: the app is offline and under a strict CSP).
 * Each is a 24×24 stroke path list in the style of Lucide.
 */
function icon(paths: string[]): FunctionalComponent {
  const c: FunctionalComponent = () =>
    h(
      'svg',
      { viewBox: '0 0 24 24', width: '1em', height: '1em', fill: 'none', stroke: 'currentColor', 'stroke-width': 1.8, 'stroke-linecap': 'round', 'stroke-linejoin': 'round', 'aria-hidden': 'true' },
      paths.map((d) => h('path', { d })),
    );
  return c;
}

export const IconDatasets = icon(['M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z', 'M3 10h18']);
export const IconRuns = icon(['M3 17l5-6 4 4 7-9', 'M3 21h18']);
export const IconGenerate = icon(['M12 3l1.8 4.7L18.5 9.5l-4.7 1.8L12 16l-1.8-4.7L5.5 9.5l4.7-1.8z', 'M19 15l.8 2.2L22 18l-2.2.8L19 21l-.8-2.2L16 18l2.2-.8z']);
export const IconEvaluate = icon(['M4 20V10', 'M10 20V4', 'M16 20v-7', 'M21 20H3', 'M14 8l2-2 3 3']);
export const IconExport = icon(['M12 3v12', 'M7 10l5 5 5-5', 'M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2']);
export const IconLineage = icon(['M6 3v12', 'M18 9a3 3 0 1 0 0-6 3 3 0 0 0 0 6z', 'M6 21a3 3 0 1 0 0-6 3 3 0 0 0 0 6z', 'M18 9a9 9 0 0 1-9 9']);
export const IconSystem = icon(['M4 5h16v10H4z', 'M8 19h8', 'M12 15v4']);
export const IconSun = icon(['M12 4V2', 'M12 22v-2', 'M4.9 4.9 3.5 3.5', 'M20.5 20.5l-1.4-1.4', 'M4 12H2', 'M22 12h-2', 'M4.9 19.1l-1.4 1.4', 'M20.5 3.5l-1.4 1.4', 'M12 17a5 5 0 1 0 0-10 5 5 0 0 0 0 10z']);
export const IconMoon = icon(['M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z']);
export const IconPause = icon(['M8 5v14', 'M16 5v14']);
export const IconPlay = icon(['M7 4l13 8-13 8z']);
export const IconStop = icon(['M6 6h12v12H6z']);
export const IconRefresh = icon(['M20 11a8 8 0 0 0-14.9-4', 'M4 4v4h4', 'M4 13a8 8 0 0 0 14.9 4', 'M20 20v-4h-4']);
export const IconPulse = icon(['M3 12h4l3-8 4 16 3-8h4']);
export const IconTrash = icon(['M4 7h16', 'M10 11v6', 'M14 11v6', 'M6 7l1 13h10l1-13', 'M9 7V4h6v3']);
export const IconZoom = icon(['M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14z', 'M21 21l-5-5', 'M11 8v6', 'M8 11h6']);
