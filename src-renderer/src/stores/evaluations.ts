import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { EvaluateInput, Evaluation } from '@shared/domain/evaluation';
import type { Job, JobProgress } from '@shared/domain/job';
import { toClientError, useApi, type ClientError } from '../api';
import { isFinal } from '../utils/job-status';
import { showError, showSuccess } from '../utils/notify';

/**
 * "Does it help?" evaluations: the list (running ones with live progress from `job.*` events), starting one,
 * cancelling it, and which one the page shows. A finished evaluation is re-read once so its result appears.
 */
export const useEvaluationsStore = defineStore('evaluations', () => {
  const api = useApi();
  const byId = ref<Record<string, Evaluation>>({});
  const progress = ref<Record<string, JobProgress>>({});
  const selectedId = ref<string | null>(null);
  const loading = ref(false);
  const loaded = ref(false);
  const starting = ref(false);
  const error = ref<ClientError | null>(null);

  const evaluations = computed(() => Object.values(byId.value).sort((a, b) => b.createdAt.localeCompare(a.createdAt)));
  const selected = computed(() => (selectedId.value ? byId.value[selectedId.value] ?? null : evaluations.value[0] ?? null));

  async function refresh(): Promise<void> {
    loading.value = true;
    try {
      const { evaluations: list } = await api.call('evaluations.list', {});
      byId.value = Object.fromEntries(list.map((e) => [e.evaluationId, e]));
      loaded.value = true;
    } catch (err) {
      error.value = toClientError(err);
    } finally {
      loading.value = false;
    }
  }

  async function reload(evaluationId: string): Promise<void> {
    try {
      byId.value[evaluationId] = await api.call('evaluations.get', { evaluationId });
    } catch (err) {
      showError('Reload the evaluation', err);
    }
  }

  /** Queues an evaluation and selects it; returns null with `error` set when the server refuses the input. */
  async function create(input: EvaluateInput): Promise<Evaluation | null> {
    starting.value = true;
    error.value = null;
    try {
      const e = await api.call('evaluations.create', input);
      byId.value[e.evaluationId] = e;
      selectedId.value = e.evaluationId;
      showSuccess(`Evaluation ${e.evaluationId} queued`);
      return e;
    } catch (err) {
      error.value = toClientError(err);
      return null;
    } finally {
      starting.value = false;
    }
  }

  async function cancel(evaluationId: string): Promise<void> {
    try {
      byId.value[evaluationId] = await api.call('evaluations.cancel', { evaluationId });
    } catch (err) {
      showError('Cancel the evaluation', err);
    }
  }

  function onState(job: Job): void {
    const row = byId.value[job.jobId];
    if (job.kind !== 'evaluate') return;
    if (!row || isFinal(job.status)) void reload(job.jobId);
    else byId.value[job.jobId] = { ...row, status: job.status, step: job.step, totalSteps: job.totalSteps };
  }
  function onProgress(p: JobProgress): void {
    if (byId.value[p.jobId]) progress.value[p.jobId] = p;
  }

  let subscribed = false;
  function init(): Promise<void> {
    if (!subscribed) {
      subscribed = true;
      api.on('job.state', onState);
      api.on('job.progress', onProgress);
    }
    return loaded.value ? Promise.resolve() : refresh();
  }

  return { byId, progress, selectedId, loading, loaded, starting, error, evaluations, selected, init, refresh, create, cancel };
});
