import { defineStore } from 'pinia';
import { describe, expect, it } from 'vitest';
import { ref } from 'vue';
import type { DatasetDetail } from '../../src-main/shared/api/contract-datasets';
import type { JobProgress } from '../../src-main/shared/domain/job';
import { useApi, type ClientError } from '../../src-renderer/src/api';
import { useJobRows, useRowsById, useServerList } from '../../src-renderer/src/stores/use-server-list';
import { importPets, settle, useStoreHarness } from './store-harness';

/** A store built on the helper the way the real ones are: its "list" is the dataset `pets`, missing until imported. */
const useProbeStore = defineStore('probe', () => {
  const api = useApi();
  const detail = ref<DatasetDetail | null>(null);
  const subscribes = ref(0);
  const reconnects = ref(0);
  const list = useServerList({
    load: async () => {
      detail.value = await api.call('datasets.get', { ref: 'pets' });
    },
    subscribe: () => (subscribes.value += 1),
    onReconnect: () => (reconnects.value += 1),
  });
  return { detail, subscribes, reconnects, ...list };
});

describe('useServerList: a store list against the real engine', () => {
  const h = useStoreHarness();
  const gets = () => h.transport.calls.filter((c) => c.name === 'datasets.get').length;

  it('refresh: loading while the call is on its way; a refusal is kept in loadError, not loaded; the next success clears it', async () => {
    const probe = useProbeStore();
    const release = h.transport.hold('datasets.get');
    const pending = probe.refresh();
    await settle();
    expect(probe.loading).toBe(true);
    release();
    await pending;
    expect(probe.loading).toBe(false);
    expect(probe.loaded).toBe(false);
    expect(probe.loadError).toMatchObject({ code: 'not_found', message: expect.stringContaining('pets') });

    await importPets(h);
    await probe.refresh();
    expect(probe.loaded).toBe(true);
    expect(probe.loadError).toBeNull();
    expect(probe.detail?.dataset.name).toBe('pets');
  });

  it('init: subscribes once, and loads on every call until a load has succeeded', async () => {
    const probe = useProbeStore();
    await probe.init();
    await probe.init();
    expect(gets()).toBe(2); // both failed: the second page to open tries again
    await importPets(h);
    await probe.init();
    await probe.init();
    expect(gets()).toBe(3);
    expect(probe.loaded).toBe(true);
    expect(probe.subscribes).toBe(1);
  });

  it('a reconnect loads the list again and runs onReconnect; the first connect and a drop alone do not', async () => {
    await importPets(h);
    h.transport.setConnection('connecting');
    const probe = useProbeStore();
    await probe.init();
    h.transport.setConnection('open');
    h.transport.setConnection('reconnecting');
    await settle();
    expect(gets()).toBe(1);
    expect(probe.reconnects).toBe(0);
    h.transport.setConnection('open');
    await settle();
    expect(gets()).toBe(2);
    expect(probe.reconnects).toBe(1);
  });

  it('a store that shares one error ref with its other actions gets load failures there', async () => {
    const shared = ref<ClientError | null>({ code: 'bad_input', message: 'an older refusal' });
    const list = useServerList({ load: async () => void (await useApi().call('datasets.get', { ref: 'pets' })), loadError: shared });
    await list.refresh();
    expect(list.loadError).toBe(shared);
    expect(shared.value?.code).toBe('not_found');
  });
});

describe('useRowsById and useJobRows', () => {
  const row = (id: string, createdAt: string, status = 'queued') => ({ id, createdAt, status });
  const progress = (jobId: string, step: number): JobProgress => ({ jobId, step, totalSteps: 10, stepsPerSecond: 1, etaSeconds: null, metrics: {} });

  it('keeps rows by id, newest first; replaceAll drops rows the new list lacks, upsert replaces one row', () => {
    const rows = useRowsById((r: ReturnType<typeof row>) => r.id);
    rows.replaceAll([row('a', '2026-01-01T00:00:00Z'), row('b', '2026-03-01T00:00:00Z'), row('c', '2026-02-01T00:00:00Z')]);
    expect(rows.newestFirst.value.map((r) => r.id)).toEqual(['b', 'c', 'a']);
    rows.upsert(row('c', '2026-02-01T00:00:00Z', 'running'));
    rows.upsert(row('d', '2026-04-01T00:00:00Z'));
    expect(rows.newestFirst.value.map((r) => `${r.id}:${r.status}`)).toEqual(['d:queued', 'b:queued', 'c:running', 'a:queued']);
    rows.replaceAll([row('a', '2026-01-01T00:00:00Z')]);
    expect(Object.keys(rows.byId.value)).toEqual(['a']);
  });

  it('takeProgress keeps the progress of its own rows\' jobs and returns the row; other jobs are left to other stores', () => {
    const rows = useJobRows((r: ReturnType<typeof row>) => r.id);
    rows.upsert(row('job-1', '2026-01-01T00:00:00Z'));
    expect(rows.takeProgress(progress('job-1', 3))).toEqual(row('job-1', '2026-01-01T00:00:00Z'));
    expect(rows.takeProgress(progress('job-2', 5))).toBeUndefined();
    expect(rows.progress.value).toEqual({ 'job-1': progress('job-1', 3) });
  });
});
