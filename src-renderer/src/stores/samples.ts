import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Job, JobProgress } from '@shared/domain/job';
import type { GenerateInput, KeptFilter, Neighbour, Sample, SampleBatch, TranslateInput } from '@shared/domain/sample';
import { useApi } from '../api';
import { isFinal } from '../utils/job-status';
import { showError, showSuccess } from '../utils/notify';
import { orShowError } from './store-actions';
import { useJobRows, useServerList } from './use-server-list';

const GALLERY_REFRESH_MS = 2000;

export interface ClassCount {
  index: number;
  name: string;
  real: number;
  synthetic: number;
}

/**
 * Generated samples: the batches (with live progress of the running ones), generation and cancel, paged
 * samples for the gallery (their images are URLs: api/image-url.ts), keep/reject (optimistic, rolled back on error), per-class counts,
 * nearest real images and latent exploration.
 */
export const useSamplesStore = defineStore('samples', () => {
  const api = useApi();

  const { byId, newestFirst: batches, upsert, replaceAll, progress, takeProgress } = useJobRows<SampleBatch>((b) => b.batchId);
  const selectedBatchId = ref<string | null>(null);
  const generating = ref(false);
  /** Kept flags changed here since the gallery fetched its pages: sampleId → kept. */
  const keptOverrides = ref<Record<number, boolean>>({});
  /** Bumped when the gallery must refetch (a batch grew or finished). */
  const galleryVersion = ref(0);
  let lastGalleryBump = 0;

  const selectedBatch = computed(() => (selectedBatchId.value ? byId.value[selectedBatchId.value] ?? null : null));

  /** `init()` subscribes to job events (once) and loads the batches. */
  const { loading, loaded, loadError, refresh, init } = useServerList({
    load: async () => {
      replaceAll((await api.call('samples.batches', {})).batches);
      if (!selectedBatch.value) selectedBatchId.value = batches.value[0]?.batchId ?? null;
    },
    subscribe: () => {
      api.on('job.progress', onProgress);
      api.on('job.state', onState);
    },
  });

  async function reloadBatch(batchId: string): Promise<void> {
    const batch = await orShowError(`Load batch ${batchId}`, () => api.call('samples.batch', { batchId }));
    if (!batch) return;
    upsert(batch);
    if (batchId === selectedBatchId.value) galleryVersion.value += 1;
  }

  /** Queues a batch and selects it; null (with a message) when the server refuses. */
  function generate(input: GenerateInput): Promise<SampleBatch | null> {
    return queue('Generate', () => api.call('samples.generate', input));
  }

  /** Queues a translation of a folder or dataset by a translating run (a batch like any other); null on refusal. */
  function translate(input: TranslateInput): Promise<SampleBatch | null> {
    return queue('Translate', () => api.call('samples.translate', input));
  }

  async function queue(action: string, call: () => Promise<SampleBatch>): Promise<SampleBatch | null> {
    generating.value = true;
    try {
      const batch = await call();
      if (!byId.value[batch.batchId] || byId.value[batch.batchId]!.status === 'queued') upsert(batch);
      selectedBatchId.value = batch.batchId;
      galleryVersion.value += 1;
      return batch;
    } catch (err) {
      showError(action, err);
      return null;
    } finally {
      generating.value = false;
    }
  }

  async function cancel(batchId: string): Promise<void> {
    const before = byId.value[batchId];
    if (!before) return;
    upsert({ ...before, status: 'stopped' });
    try {
      upsert(await api.call('samples.cancel', { batchId }));
    } catch (err) {
      if (byId.value[batchId]?.status === 'stopped') upsert(before);
      showError(`Cancel batch ${batchId}`, err);
    }
  }

  /** A batch deleted through the cleanup dialog leaves the list; the newest other batch is shown. */
  function forget(batchId: string): void {
    delete byId.value[batchId];
    if (selectedBatchId.value === batchId) selectedBatchId.value = batches.value[0]?.batchId ?? null;
  }

  async function deleteBatch(batchId: string): Promise<void> {
    const before = byId.value[batchId];
    if (!before) return;
    delete byId.value[batchId];
    if (selectedBatchId.value === batchId) selectedBatchId.value = batches.value[0]?.batchId ?? null;
    try {
      const { deleted } = await api.call('samples.deleteBatch', { batchId });
      showSuccess(`Deleted batch ${batchId} (${deleted} samples)`);
    } catch (err) {
      upsert(before);
      showError(`Delete batch ${batchId}`, err);
    }
  }

  /** One page of a batch's samples (all, kept or rejected ones), with kept flags changed here applied. Errors travel to the caller. */
  async function fetchPage(batchId: string, classIndex: number | null, kept: KeptFilter, offset: number, limit: number): Promise<{ total: number; samples: Sample[] }> {
    const res = await api.call('samples.list', { batchId, offset, limit, kept, ...(classIndex === null ? {} : { classIndex }) });
    return { total: res.total, samples: res.samples };
  }

  /** Keeps or rejects samples at once in the gallery; goes back (with a message) if the server refuses. */
  async function setKept(samples: Sample[], kept: boolean): Promise<void> {
    if (!samples.length) return;
    const before = samples.map((s) => [s.sampleId, keptOverrides.value[s.sampleId] ?? s.kept] as const);
    for (const s of samples) keptOverrides.value[s.sampleId] = kept;
    try {
      await api.call('samples.setKept', { sampleIds: samples.map((s) => s.sampleId), kept });
    } catch (err) {
      for (const [id, was] of before) keptOverrides.value[id] = was;
      showError(kept ? 'Keep samples' : 'Reject samples', err);
    }
  }

  function isKept(sample: Sample): boolean {
    return keptOverrides.value[sample.sampleId] ?? sample.kept;
  }

  async function counts(batchId: string): Promise<ClassCount[]> {
    return (await api.call('samples.counts', { batchId })).classes;
  }

  async function nearestReal(sampleId: number, k = 5, sameClass = false): Promise<Neighbour[]> {
    return (await api.call('samples.nearestReal', { sampleId, k, sameClass })).neighbours;
  }

  async function interpolate(runId: string, cls: string, seedA: number, seedB: number, steps = 8): Promise<string[]> {
    const { images } = await api.call('samples.interpolate', { runId, class: cls, seedA, seedB, steps, checkpoint: 'latest', weights: 'ema', truncation: null });
    return images.map((i) => `data:${i.mime};base64,${i.base64}`);
  }

  async function varyDim(runId: string, cls: string, seed: number, dim: number, values: number[]): Promise<string[]> {
    const { images } = await api.call('samples.varyDim', { runId, class: cls, seed, sampleIndex: 0, dim, values, checkpoint: 'latest', weights: 'ema' });
    return images.map((i) => `data:${i.mime};base64,${i.base64}`);
  }

  function onProgress(p: JobProgress): void {
    const batch = takeProgress(p);
    if (!batch) return;
    if (batch.status === 'queued') upsert({ ...batch, status: 'running' });
    // Show samples as they arrive, but refetch the gallery at most every couple of seconds.
    const now = Date.now();
    if (p.jobId === selectedBatchId.value && now - lastGalleryBump > GALLERY_REFRESH_MS) {
      lastGalleryBump = now;
      galleryVersion.value += 1;
    }
  }

  function onState(job: Job): void {
    if (job.kind !== 'generate' && job.kind !== 'translate') return;
    const batch = byId.value[job.jobId];
    if (batch) upsert({ ...batch, status: job.status, error: job.error });
    if (!batch || isFinal(job.status) || job.status === 'interrupted') void reloadBatch(job.jobId);
  }

  return {
    forget,
    byId, batches, progress, selectedBatchId, selectedBatch, loading, loaded, loadError, generating, keptOverrides, galleryVersion,
    init, refresh, reloadBatch, generate, translate, cancel, deleteBatch, fetchPage, setKept, isKept, counts, nearestReal, interpolate, varyDim,
  };
});
