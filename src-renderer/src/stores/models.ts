import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ModelInfo } from '@shared/domain/model-info';
import { toClientError, useApi, type ClientError } from '../api';

/**
 * The models the studio offers (`models.list`), loaded once: the run form, the dashboard's charts and preview, and
 * the generate/translate pages are all drawn from them, so a new model needs no renderer change.
 */
export const useModelsStore = defineStore('models', () => {
  const api = useApi();

  const list = ref<ModelInfo[]>([]);
  const loaded = ref(false);
  const loadError = ref<ClientError | null>(null);
  let loading: Promise<void> | null = null;

  const byKind = computed(() => Object.fromEntries(list.value.map((m) => [m.kind, m])) as Record<string, ModelInfo | undefined>);

  /** The model of `kind`, or null (a run of a model this studio no longer has, or before the list loaded). */
  const info = (kind: string): ModelInfo | null => byKind.value[kind] ?? null;

  /** Loads the list once (again after a failure); errors stay in `loadError`. */
  function load(): Promise<void> {
    if (loaded.value) return Promise.resolve();
    loading ??= (async () => {
      try {
        list.value = (await api.call('models.list', {})).models;
        loaded.value = true;
        loadError.value = null;
      } catch (err) {
        loadError.value = toClientError(err);
      } finally {
        loading = null;
      }
    })();
    return loading;
  }

  /** defaults ← the preset's values: what a run of `kind` gets for every field the user leaves alone. */
  function baseConfig(kind: string, preset: string | null | undefined): Record<string, unknown> {
    const m = info(kind);
    if (!m) return {};
    return { ...m.defaults, ...(m.presets.find((p) => p.name === preset)?.values ?? {}) };
  }

  return { list, loaded, loadError, byKind, info, load, baseConfig };
});
