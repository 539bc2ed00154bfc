import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { EvaluateInput, Evaluation } from '@shared/domain/evaluation';
import type { Job } from '@shared/domain/job';
import { useApi, type ClientError } from '../api';
import { isFinal } from '../utils/job-status';
import { showSuccess } from '../utils/notify';
import { orShowError, submitKeepingError } from './store-actions';
import { useJobRows, useServerList } from './use-server-list';

/**
 * "Does it help?" evaluations: the list (running ones with live progress from `job.*` events), starting one,
 * cancelling it, and which one the page shows. A finished evaluation is re-read once so its result appears.
 */
export const useEvaluationsStore = defineStore('evaluations', () => {
  const api = useApi();
  const { byId, newestFirst: evaluations, upsert, replaceAll, progress, takeProgress } = useJobRows<Evaluation>((e) => e.evaluationId);
  const selectedId = ref<string | null>(null);
  const starting = ref(false);
  /** A refused `create` or a failed list load: the form shows it. */
  const error = ref<ClientError | null>(null);

  const selected = computed(() => (selectedId.value ? byId.value[selectedId.value] ?? null : evaluations.value[0] ?? null));

  const { loading, loaded, refresh, init } = useServerList({
    load: async () => replaceAll((await api.call('evaluations.list', {})).evaluations),
    subscribe: () => {
      api.on('job.state', onState);
      api.on('job.progress', takeProgress);
    },
    loadError: error,
  });

  /** Takes the server's answer for one evaluation; a failure is shown as "`action`: …". */
  async function keepAnswer(action: string, call: () => Promise<Evaluation>): Promise<void> {
    const e = await orShowError(action, call);
    if (e) upsert(e);
  }
  const reload = (evaluationId: string) => keepAnswer('Reload the evaluation', () => api.call('evaluations.get', { evaluationId }));
  const cancel = (evaluationId: string) => keepAnswer('Cancel the evaluation', () => api.call('evaluations.cancel', { evaluationId }));

  /** Queues an evaluation and selects it; returns null with `error` set when the server refuses the input. */
  function create(input: EvaluateInput): Promise<Evaluation | null> {
    return submitKeepingError(starting, error, async () => {
      const e = await api.call('evaluations.create', input);
      upsert(e);
      selectedId.value = e.evaluationId;
      showSuccess(`Evaluation ${e.evaluationId} queued`);
      return e;
    });
  }

  function onState(job: Job): void {
    const row = byId.value[job.jobId];
    if (job.kind !== 'evaluate') return;
    if (!row || isFinal(job.status)) void reload(job.jobId);
    else upsert({ ...row, status: job.status, step: job.step, totalSteps: job.totalSteps });
  }

  return { byId, progress, selectedId, loading, loaded, starting, error, evaluations, selected, init, refresh, create, cancel };
});
