import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Job, JobLog, JobProgress, RunStatus } from '@shared/domain/job';
import type { CreateRunInput, RunConfig, RunSample, RunSummary, RunWarning } from '@shared/domain/run';
import { useApi } from '../api';
import { isFinal } from '../utils/job-status';
import { addPoint, emptySeries, mergePoints, truncateFrom, type MetricSeries } from '../utils/metric-series';
import { formatBytes } from '../utils/format';
import { showError, showSuccess } from '../utils/notify';
import { useModelsStore } from './models';
import { orShowError } from './store-actions';
import { useJobRows, useServerList } from './use-server-list';

type Control = 'pause' | 'resume' | 'stop';
/** The status shown at once when the user presses a control, before the server confirms it. */
const OPTIMISTIC: Record<Control, RunStatus> = { pause: 'paused', resume: 'queued', stop: 'stopped' };
const VERB: Record<Control, string> = { pause: 'Pause', resume: 'Resume', stop: 'Stop' };
/** A grid every this many steps when a run's config does not say (every model's config has `sampleEvery`). */
const SAMPLE_EVERY_FALLBACK = 100;

/**
 * Training runs: the list, the selected run, live progress and metric curves (stored history merged with
 * `job.progress`), the sample-grid timeline, health warnings and the controls. Controls and `create` update
 * the list at once and roll back (with a message) if the server refuses.
 */
export const useRunsStore = defineStore('runs', () => {
  const api = useApi();
  const models = useModelsStore();

  const { byId, newestFirst: runs, upsert, replaceAll, progress, takeProgress } = useJobRows<RunSummary>((r) => r.runId);
  const selectedId = ref<string | null>(null);
  /** Not deep-reactive (arrays grow on every event); `seriesVersion` ticks when any of them changes. */
  const series = shallowRef<Record<string, MetricSeries>>({});
  const seriesVersion = ref(0);
  const samples = ref<Record<string, RunSample[]>>({});
  const warnings = ref<Record<string, RunWarning[]>>({});
  /** Run ids (or `create`) with a request in flight, to disable their buttons. */
  const busy = ref<Set<string>>(new Set());
  /**
   * Runs asked to stop that have not ended yet: a run finishes its step and writes a checkpoint first, which
   * takes a while, so the controls say "Stopping…" until the run's job reports its end.
   */
  const stopping = ref<Set<string>>(new Set());
  const samplesInFlight = new Set<string>();
  const filesInFlight = new Set<string>();

  const selected = computed(() => (selectedId.value ? byId.value[selectedId.value] ?? null : null));

  const { loading, loaded, loadError, refresh, init: initList } = useServerList({
    load: async () => {
      replaceAll((await api.call('runs.list', {})).runs);
      const first = runs.value.find((r) => !isFinal(r.status)) ?? runs.value[0];
      if (!selected.value && first) void select(first.runId);
    },
    subscribe: () => {
      api.on('job.progress', onProgress);
      api.on('job.state', onState);
      api.on('job.log', onLog);
    },
    onReconnect: () => {
      if (selectedId.value) void select(selectedId.value);
    },
  });

  /** Shows a run: its summary, full metric history, samples and warnings load in the background. */
  async function select(runId: string): Promise<void> {
    selectedId.value = runId;
    await Promise.all([reloadRun(runId), loadMetrics(runId), loadSamples(runId), loadWarnings(runId)]);
  }

  async function reloadRun(runId: string): Promise<void> {
    try {
      upsert(await api.call('runs.get', { runId }));
    } catch (err) {
      if (selectedId.value === runId) showError(`Load run ${runId}`, err);
    }
  }

  async function loadMetrics(runId: string): Promise<void> {
    const answer = await orShowError(`Load metrics of run ${runId}`, () => api.call('runs.metrics', { runId }));
    if (!answer) return;
    const s = series.value[runId] ?? emptySeries();
    mergePoints(s, answer.points);
    series.value = { ...series.value, [runId]: s };
    seriesVersion.value += 1;
  }

  async function loadSamples(runId: string): Promise<void> {
    if (samplesInFlight.has(runId)) return;
    samplesInFlight.add(runId);
    try {
      samples.value[runId] = (await api.call('runs.samples', { runId })).samples;
    } catch (err) {
      showError(`Load samples of run ${runId}`, err);
    } finally {
      samplesInFlight.delete(runId);
    }
  }

  async function loadWarnings(runId: string): Promise<void> {
    const answer = await orShowError(`Load warnings of run ${runId}`, () => api.call('runs.warnings', { runId }));
    if (answer) warnings.value[runId] = answer.warnings;
  }

  /**
   * A live run's files as its folder grows: its checkpoints and disk use (the rest of its summary comes from
   * progress events, which are newer than this answer, so only these two fields are taken from it).
   */
  async function refreshFiles(runId: string): Promise<void> {
    if (filesInFlight.has(runId)) return;
    filesInFlight.add(runId);
    try {
      const { diskBytes, checkpoints } = await api.call('runs.get', { runId });
      const run = byId.value[runId];
      if (run) upsert({ ...run, diskBytes, checkpoints });
    } catch {
      // Not worth a message: the run's final reload shows it.
    } finally {
      filesInFlight.delete(runId);
    }
  }

  /**
   * The run `create` shows until the server answers: the model's defaults ← preset ← the form's values (the
   * server's own adjustments arrive with its answer). Null while the model list has not loaded.
   */
  function placeholder(input: CreateRunInput, runId: string): RunSummary | null {
    const kind = input.kind;
    if (!kind || !models.info(kind)) return null;
    const config = { ...models.baseConfig(kind, input.preset), ...(input.config ?? {}) } as RunConfig;
    return {
      runId, kind, status: 'queued', step: 0, totalSteps: config.steps, backend: null, config, configDiff: {}, preset: input.preset ?? null,
      versions: { app: '', tfjs: null, backend: null }, classNames: [], checkpoints: [], warnings: [], error: null, runDir: '', diskBytes: null,
      createdAt: new Date().toISOString(), startedAt: null, endedAt: null, deletedAt: null,
      datasets: Object.entries(input.datasets).map(([role, ref]) => ({ role, ref, versionId: '', name: ref })),
    };
  }

  /** Creates and queues a run; it appears (and is selected) at once, and goes again if the server refuses. */
  async function create(input: CreateRunInput): Promise<RunSummary | null> {
    busy.value.add('create');
    const tempId = `pending-${Date.now()}`;
    const temp = placeholder(input, tempId);
    if (temp) upsert(temp);
    try {
      const run = await api.call('runs.create', input);
      delete byId.value[tempId];
      upsert(byId.value[run.runId] && byId.value[run.runId]!.status !== 'queued' ? { ...run, status: byId.value[run.runId]!.status } : run);
      void select(run.runId);
      return run;
    } catch (err) {
      delete byId.value[tempId];
      showError('Start run', err);
      return null;
    } finally {
      busy.value.delete('create');
    }
  }

  async function control(action: Control, runId: string, steps?: number): Promise<void> {
    const before = byId.value[runId];
    if (!before) return;
    // A live run keeps its status until it has really stopped ("Stopping…" meanwhile); a paused or queued one stops at once.
    const live = action === 'stop' && before.status === 'running';
    const optimistic = live ? before.status : OPTIMISTIC[action];
    busy.value.add(runId);
    if (live) stopping.value.add(runId);
    upsert({ ...before, status: optimistic, ...(steps ? { totalSteps: steps } : {}) });
    try {
      if (action === 'resume') upsert(await api.call('runs.resume', steps ? { runId, steps } : { runId }));
      else upsert(keepStatusWhileStopping(await api.call(action === 'pause' ? 'runs.pause' : 'runs.stop', { runId })));
      if (steps) showSuccess(`Run ${runId} continues to step ${steps}`);
    } catch (err) {
      stopping.value.delete(runId);
      // Roll back only if no server event has replaced our guess meanwhile.
      if (byId.value[runId]?.status === optimistic) upsert(before);
      showError(`${VERB[action]} run ${runId}`, err);
    } finally {
      busy.value.delete(runId);
    }
  }

  /** The answer to `runs.stop` may still say "running": keep the newest status an event brought meanwhile. */
  function keepStatusWhileStopping(run: RunSummary): RunSummary {
    if (isFinal(run.status)) stopping.value.delete(run.runId);
    const now = byId.value[run.runId];
    if (!now || !stopping.value.has(run.runId) || !isFinal(now.status)) return run;
    return { ...run, status: now.status, step: now.step, endedAt: now.endedAt };
  }

  /**
   * Deletes a run (`cleanup.delete`): its checkpoints and grids go, its row stays marked so lineage still answers.
   * The plan (`cleanupPlan`) says beforehand what is freed and what stays. Returns whether it was deleted.
   */
  async function deleteRun(runId: string): Promise<boolean> {
    busy.value.add(runId);
    try {
      const done = await api.call('cleanup.delete', { kind: 'run', id: runId });
      delete byId.value[runId];
      if (selectedId.value === runId) {
        selectedId.value = null;
        const next = runs.value[0];
        if (next) void select(next.runId);
      }
      showSuccess(`Deleted run ${runId}: ${formatBytes(done.freedBytes)} freed`);
      return true;
    } catch (err) {
      showError(`Delete run ${runId}`, err);
      return false;
    } finally {
      busy.value.delete(runId);
    }
  }
  const deletePlan = (runId: string) => api.call('cleanup.plan', { kind: 'run', id: runId });
  const pause = (runId: string) => control('pause', runId);
  const resume = (runId: string) => control('resume', runId);
  const stop = (runId: string) => control('stop', runId);
  /** Continues a completed/stopped/interrupted run to `steps` in total. */
  const continueTo = (runId: string, steps: number) => control('resume', runId, steps);

  function onProgress(p: JobProgress): void {
    const run = takeProgress(p);
    if (!run) return;
    upsert({ ...run, step: p.step, totalSteps: p.totalSteps, ...(run.status === 'queued' ? { status: 'running' as const } : {}) });
    let s = series.value[p.jobId];
    if (!s) series.value = { ...series.value, [p.jobId]: (s = emptySeries()) };
    // A resumed run restarts from its checkpoint: the points after it are redone.
    if (s.steps.length && p.step <= s.steps.at(-1)!) truncateFrom(s, p.step);
    // Epoch counters (`epoch`, `epochA`, …) are progress, not curves.
    const metrics = Object.fromEntries(Object.entries(p.metrics).filter(([k]) => !k.startsWith('epoch')));
    addPoint(s, p.step, metrics);
    seriesVersion.value += 1;
    // A sample grid is written right after the progress of a multiple of `sampleEvery`: fetch until it is listed.
    const every = Number(run.config.sampleEvery) || SAMPLE_EVERY_FALLBACK;
    const newest = samples.value[p.jobId]?.at(-1)?.step ?? 0;
    if (p.jobId === selectedId.value && Math.floor(p.step / every) > Math.floor(newest / every)) {
      void loadSamples(p.jobId);
      void refreshFiles(p.jobId);
    }
    // Likewise a checkpoint after a multiple of `checkpointEvery`: fetch the run's files until it is listed.
    const ckEvery = Number(run.config.checkpointEvery) || 0;
    const newestCk = run.checkpoints.at(-1) ?? 0;
    if (ckEvery > 0 && Math.floor(p.step / ckEvery) > Math.floor(newestCk / ckEvery)) void refreshFiles(p.jobId);
  }

  function onState(job: Job): void {
    const run = byId.value[job.jobId];
    if (!run) {
      // A run created elsewhere (CLI, another window): list it. Training jobs of every model (and older `train-<model>` ones).
      if (job.kind === 'train' || job.kind.startsWith('train-')) void reloadRun(job.jobId);
      return;
    }
    if (isFinal(job.status) || job.status === 'paused' || job.status === 'interrupted') stopping.value.delete(job.jobId);
    upsert({ ...run, status: job.status, step: job.step, totalSteps: job.totalSteps, backend: job.backend ?? run.backend, error: job.error, startedAt: job.startedAt, endedAt: job.endedAt });
    if (isFinal(job.status) || job.status === 'paused' || job.status === 'interrupted') {
      // Checkpoints, the last sample grid and warnings are written as the run ends.
      void reloadRun(job.jobId);
      if (job.jobId === selectedId.value) void Promise.all([loadSamples(job.jobId), loadWarnings(job.jobId)]);
    }
  }

  function onLog(line: JobLog): void {
    if (line.level === 'warn' && byId.value[line.jobId] && line.jobId === selectedId.value) void loadWarnings(line.jobId);
  }

  /** Subscribes to job events (once) and loads the list and the models (the form's defaults, charts, previews). */
  function init(): Promise<void> {
    void models.load();
    return initList();
  }

  return {
    byId, runs, selectedId, selected, progress, series, seriesVersion, samples, warnings, loading, loaded, loadError, busy, stopping,
    init, refresh, select, loadSamples, loadWarnings, loadMetrics, create, pause, resume, stop, continueTo, deleteRun, deletePlan,
  };
});
