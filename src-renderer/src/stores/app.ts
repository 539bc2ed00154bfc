import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { Info } from '@shared/api/contract';
import { toClientError, useApi, type ClientError, type ConnectionState } from '../api';

export type ThemeName = 'light' | 'dark';
const THEME_KEY = 'gan-studio.theme';

function initialTheme(): ThemeName {
  const saved = localStorage.getItem(THEME_KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** App-wide facts: what answers (`app.info`), the link to it, and the theme. */
export const useAppStore = defineStore('app', () => {
  const api = useApi();

  const info = ref<Info | null>(null);
  const infoLoading = ref(false);
  const infoError = ref<ClientError | null>(null);
  const connection = ref<ConnectionState>(api.connection());
  const face = api.face;
  const theme = ref<ThemeName>(initialTheme());

  const activeBackend = computed(() => info.value?.backend.active ?? null);

  watch(theme, (t) => localStorage.setItem(THEME_KEY, t));
  function toggleTheme(): void {
    theme.value = theme.value === 'dark' ? 'light' : 'dark';
  }

  /** Fetches `app.info`; errors stay in `infoError` for the pages to show. */
  async function loadInfo(): Promise<void> {
    infoLoading.value = true;
    try {
      info.value = await api.call('app.info', {});
      infoError.value = null;
    } catch (err) {
      infoError.value = toClientError(err);
    } finally {
      infoLoading.value = false;
    }
  }

  api.onConnection((state) => {
    const wasDown = connection.value === 'reconnecting';
    connection.value = state;
    // After a drop the backend may have restarted (new backend, new version): ask again.
    if (state === 'open' && wasDown) void loadInfo();
  });

  return { info, infoLoading, infoError, connection, face, theme, activeBackend, toggleTheme, loadInfo };
});
