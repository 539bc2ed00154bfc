import { defineStore } from 'pinia';
import { addPoint, emptySeries, type MetricSeries } from '../utils/metric-series';
import { computed, ref, shallowRef } from 'vue';
import type { CallName } from '@shared/api/contract';
import type { Job, JobKind, JobLog, JobProgress, RunStatus } from '@shared/domain/job';
import { useApi } from '../api';
import { useRowsById, useServerList } from './use-server-list';
import { showError } from '../utils/notify';

/** Log lines kept per job: enough to see a trend, bounded memory (chart points are bounded by metric-series). */
const MAX_LOG_LINES = 500;

type JobControl = Extract<CallName, 'jobs.pause' | 'jobs.resume' | 'jobs.stop'>;
/** The status shown at once when the user presses a control, before the server confirms it. */
const OPTIMISTIC: Record<JobControl, RunStatus> = { 'jobs.pause': 'paused', 'jobs.resume': 'running', 'jobs.stop': 'stopped' };
const VERB: Record<JobControl, string> = { 'jobs.pause': 'Pause', 'jobs.resume': 'Resume', 'jobs.stop': 'Stop' };

/**
 * Background jobs: the list, live progress, logs and loss curves from `job.*` events, and the controls.
 * Controls update the row at once and roll it back (with a message) if the server refuses.
 */
export const useJobsStore = defineStore('jobs', () => {
  const api = useApi();

  const { byId, newestFirst: jobs, upsert, replaceAll } = useRowsById<Job>((j) => j.jobId);
  const progress = ref<Record<string, JobProgress>>({});
  const logs = ref<Record<string, JobLog[]>>({});
  /** Not deep-reactive (the arrays grow on every event); `lossVersion` ticks when any of them changes. */
  const lossSeries = shallowRef<Record<string, MetricSeries>>({});
  const lossVersion = ref(0);
  /** Job ids (or `start:<kind>`) with a request in flight, to disable their buttons. */
  const busy = ref<Set<string>>(new Set());
  /** Jobs this window saw run (a progress event or a live state): their history is not "from before this window". */
  const seenLive = ref<Set<string>>(new Set());

  /** The job the status bar follows: the running one, else a paused one. */
  const activeJob = computed(
    () => jobs.value.find((j) => j.status === 'running') ?? jobs.value.find((j) => j.status === 'paused') ?? null,
  );

  /** `init()` subscribes to job events (once) and loads the list: safe to call from every page that shows jobs. */
  const { loading, loaded, loadError, refresh, init } = useServerList({
    load: async () => replaceAll((await api.call('jobs.list', {})).jobs),
    subscribe: () => {
      api.on('job.state', onState);
      api.on('job.progress', onProgress);
      api.on('job.log', onLog);
    },
  });

  async function start(kind: JobKind, params: Record<string, unknown> = {}): Promise<Job | null> {
    const key = `start:${kind}`;
    busy.value.add(key);
    // Optimistic placeholder so the table answers the click at once; replaced by the server's row.
    const tempId = `pending-${Date.now()}`;
    upsert({ jobId: tempId, kind, status: 'queued', params, step: 0, totalSteps: Number(params.steps ?? 0), backend: null, error: null, createdAt: new Date().toISOString(), startedAt: null, endedAt: null });
    try {
      const job = await api.call('jobs.start', { kind, params });
      delete byId.value[tempId];
      // A job.state event may already have brought a newer row.
      if (!byId.value[job.jobId]) upsert(job);
      return job;
    } catch (err) {
      delete byId.value[tempId];
      showError(`Could not start ${kind}`, err);
      return null;
    } finally {
      busy.value.delete(key);
    }
  }

  async function control(name: JobControl, jobId: string): Promise<void> {
    const before = byId.value[jobId];
    if (!before) return;
    const optimistic = OPTIMISTIC[name];
    busy.value.add(jobId);
    upsert({ ...before, status: optimistic });
    try {
      upsert(await api.call(name, { jobId }));
    } catch (err) {
      // Roll back only if no server event has replaced our guess meanwhile.
      if (byId.value[jobId]?.status === optimistic) upsert(before);
      showError(`${VERB[name]} job ${jobId}`, err);
    } finally {
      busy.value.delete(jobId);
    }
  }
  const pause = (jobId: string) => control('jobs.pause', jobId);
  const resume = (jobId: string) => control('jobs.resume', jobId);
  const stop = (jobId: string) => control('jobs.stop', jobId);

  function onState(job: Job): void {
    if (job.status === 'running') seenLive.value.add(job.jobId);
    upsert(job);
  }

  function onProgress(p: JobProgress): void {
    seenLive.value.add(p.jobId);
    progress.value[p.jobId] = p;
    const row = byId.value[p.jobId];
    if (row) upsert({ ...row, step: p.step, totalSteps: p.totalSteps });
    const loss = p.metrics.loss;
    if (typeof loss !== 'number' || !Number.isFinite(loss)) return;
    let series = lossSeries.value[p.jobId];
    if (!series) lossSeries.value = { ...lossSeries.value, [p.jobId]: (series = emptySeries()) };
    addPoint(series, p.step, { loss });
    lossVersion.value += 1;
  }

  function onLog(line: JobLog): void {
    const list = (logs.value[line.jobId] ??= []);
    list.push(line);
    if (list.length > MAX_LOG_LINES) list.splice(0, list.length - MAX_LOG_LINES);
  }

  return { byId, jobs, activeJob, seenLive, progress, logs, lossSeries, lossVersion, loading, loaded, loadError, busy, init, refresh, start, pause, resume, stop };
});
