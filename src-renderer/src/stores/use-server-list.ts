import { computed, ref, type Ref } from 'vue';
import type { JobProgress } from '@shared/domain/job';
import { toClientError, useApi, type ClientError } from '../api';

export interface ServerListOptions {
  /** Fetches the list and puts it in the store's state (and may pick a default selection); a throw is kept in `loadError`. */
  load: () => Promise<void>;
  /** Subscribes the store to its server events; run by the first `init()` only. */
  subscribe?: () => void;
  /** What else to reload after a reconnect, besides the list (the selected item's detail, say). */
  onReconnect?: () => void;
  /** Where a failed load is kept, when the store shares one error ref with its other actions; a new ref by default. */
  loadError?: Ref<ClientError | null>;
}

/**
 * The part every list store shares: `refresh()` with its `loading` flag, `loaded` once a load succeeded, and the
 * last load's error (cleared by the next success); `init()`, safe to call from every page that shows the list,
 * subscribes once and loads unless loaded. Events sent while the socket was down are lost, so after a reconnect
 * the list is loaded again.
 */
export function useServerList(options: ServerListOptions) {
  const api = useApi();
  const loading = ref(false);
  const loaded = ref(false);
  const loadError = options.loadError ?? ref<ClientError | null>(null);

  async function refresh(): Promise<void> {
    loading.value = true;
    try {
      await options.load();
      loadError.value = null;
      loaded.value = true;
    } catch (err) {
      loadError.value = toClientError(err);
    } finally {
      loading.value = false;
    }
  }

  let subscribed = false;
  function init(): Promise<void> {
    if (!subscribed) {
      subscribed = true;
      options.subscribe?.();
      let last = api.connection();
      api.onConnection((state) => {
        if (state === 'open' && last === 'reconnecting') {
          void refresh();
          options.onReconnect?.();
        }
        last = state;
      });
    }
    return loaded.value ? Promise.resolve() : refresh();
  }

  return { loading, loaded, loadError, refresh, init };
}

/**
 * Server rows kept by id (runs, jobs, batches, evaluations): the map, the rows newest first, and the two ways
 * rows arrive: one at a time (an answer or an event) or the whole list (a refresh).
 */
export function useRowsById<T extends { createdAt: string }>(idOf: (row: T) => string) {
  const byId = ref({}) as Ref<Record<string, T>>;
  const newestFirst = computed(() => Object.values(byId.value).sort((a, b) => b.createdAt.localeCompare(a.createdAt)));

  function upsert(row: T): void {
    byId.value[idOf(row)] = row;
  }

  function replaceAll(rows: T[]): void {
    byId.value = Object.fromEntries(rows.map((row) => [idOf(row), row]));
  }

  return { byId, newestFirst, upsert, replaceAll };
}

/**
 * Rows that are each one job's (a run, a batch, an evaluation: the row's id is its job's id): the rows, plus the
 * last `job.progress` event of each row's job.
 */
export function useJobRows<T extends { createdAt: string }>(idOf: (row: T) => string) {
  const rows = useRowsById(idOf);
  const progress = ref<Record<string, JobProgress>>({});

  /** Keeps `p` when its job is one of these rows and returns that row; undefined for any other job. */
  function takeProgress(p: JobProgress): T | undefined {
    const row = rows.byId.value[p.jobId];
    if (row) progress.value[p.jobId] = p;
    return row;
  }

  return { ...rows, progress, takeProgress };
}
