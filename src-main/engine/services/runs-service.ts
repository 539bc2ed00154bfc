import { ApiError } from '../../shared/api/errors';
import type { CreateRunInput, RunSummary, TrainParams } from '../../shared/domain/run';
import { diffFromDefaults } from '../../shared/models/config-fields';
import type { Handlers } from '../api/dispatch';
import { folderBytes } from '../files/folder-bytes';
import { findModel, listModelInfo } from '../models/registry';
import { listCheckpoints } from '../training/checkpoint';
import { prepareRun } from '../training/create-run';
import { createRunEstimator, type MeasureSteps } from './estimate-run';
import type { JobServiceDeps } from './job-service-deps';
import { runFolder } from '../training/run-folder';
import { assertFilesIntact } from '../training/run-datasets';
import * as runs from '../training/runs-repo';

type RunCall = 'models.list' | 'runs.list' | 'runs.get' | 'runs.create' | 'runs.resume' | 'runs.pause' | 'runs.stop' | 'runs.samples'
  | 'runs.metrics' | 'runs.warnings' | 'runs.estimate';

export interface RunsServiceDeps extends JobServiceDeps {
  /** Times a model's step in a probe worker (the job host's measureSteps); without it runs.estimate is refused. */
  measure?: MeasureSteps;
}

/** API handlers of training runs of every model. A run is a `train` job plus its runs row; run id = job id. */
export function createRunsHandlers(deps: RunsServiceDeps): Pick<Handlers, RunCall> {
  const { db } = deps;
  const estimate = deps.measure ? createRunEstimator(db, deps.measure) : null;
  const mustGet = (runId: string): RunSummary => {
    const run = runs.getRun(db, runId);
    if (!run) throw new ApiError('not_found', `no run ${runId}: list them with 'gan-studio runs'`);
    return run;
  };

  async function create(input: CreateRunInput): Promise<RunSummary> {
    const r = await prepareRun(db, input);
    const params: TrainParams = { kind: r.spec.kind, datasets: r.versions, config: r.config as unknown as TrainParams['config'] };
    const job = db.transaction(() => {
      const j = deps.enqueue('train', params, r.config.steps);
      runs.insertRun(db, {
        runId: j.jobId, kind: r.spec.kind, datasets: r.datasets, config: r.config as unknown as RunSummary['config'], configDiff: r.configDiff,
        preset: input.preset ?? null, app: deps.app, runDir: runFolder(deps.home, j.jobId), classNames: r.classNames,
      });
      for (const n of r.notes) runs.addWarning(db, j.jobId, 0, 'adjusted', n);
      return j;
    })();
    return mustGet(job.jobId);
  }

  async function resume(runId: string, steps: number | undefined): Promise<RunSummary> {
    const run = mustGet(runId);
    const saved = (await listCheckpoints(run.runDir)).filter((c) => c.full).at(-1)?.step ?? 0;
    const current = Math.max(run.step, saved);
    if (steps !== undefined && steps <= current) {
      throw new ApiError('bad_input', `--steps ${steps} is not above run ${runId}'s current step ${current}: pass a larger total`);
    }
    if (run.deletedAt) throw new ApiError('conflict', `run ${runId} was deleted (${run.deletedAt}): its checkpoints are gone`);
    if (run.status === 'running' || run.status === 'queued') throw new ApiError('conflict', `run ${runId} is ${run.status} already`);
    if (run.status === 'paused') {
      if (steps !== undefined && steps !== run.config.steps) throw new ApiError('conflict', `run ${runId} is paused: resume it without --steps, or stop it first`);
      deps.control(runId, 'resume');
      return mustGet(runId);
    }
    if (steps === undefined && current >= run.config.steps) {
      throw new ApiError('bad_input', `run ${runId} already reached its ${run.config.steps} steps: pass --steps above ${current}`);
    }
    for (const d of run.datasets) await assertFilesIntact(db, d.versionId);
    const spec = findModel(run.kind);
    if (!spec) throw new ApiError('bad_input', `run ${runId} is of a model this version does not have ('${run.kind}')`);
    const config = { ...run.config, steps: steps ?? run.config.steps };
    const params: TrainParams = { kind: run.kind, datasets: Object.fromEntries(run.datasets.map((d) => [d.role, d.versionId])), config };
    const configDiff = diffFromDefaults(config as Record<string, unknown>, spec.defaults as unknown as Record<string, unknown>);
    runs.resumeRunConfig(db, runId, { config, configDiff, params, requeue: run.status !== 'interrupted' });
    if (run.status === 'interrupted') deps.control(runId, 'resume');
    return mustGet(runId);
  }

  /** The summary with its folder's disk use: a walk with one stat per file (~4 ms for 10 checkpoints and 100 sample grids). */
  const withDisk = async (run: RunSummary): Promise<RunSummary> => ({ ...run, diskBytes: await folderBytes(run.runDir) });

  return {
    'runs.list': async () => ({ runs: await Promise.all(runs.listRuns(db).map(withDisk)) }),
    'runs.get': ({ runId }) => withDisk(mustGet(runId)),
    'models.list': () => ({ models: listModelInfo() }),
    'runs.create': async (input) => withDisk(await create(input)),
    'runs.estimate': (input) => {
      if (!estimate) throw new ApiError('backend_unavailable', 'this face cannot time a training step (no job host)');
      return estimate(input);
    },
    'runs.resume': async ({ runId, steps }) => withDisk(await resume(runId, steps)),
    'runs.pause': ({ runId }) => {
      mustGet(runId);
      deps.control(runId, 'pause');
      return withDisk(mustGet(runId));
    },
    'runs.stop': ({ runId }) => {
      mustGet(runId);
      deps.control(runId, 'stop');
      return withDisk(mustGet(runId));
    },
    'runs.samples': ({ runId }) => ({ samples: runs.listSamples(db, mustGet(runId).runId) }),
    'runs.metrics': ({ runId, sinceStep }) => ({ points: runs.listMetrics(db, mustGet(runId).runId, sinceStep ?? 0) }),
    'runs.warnings': ({ runId }) => ({ warnings: runs.listWarnings(db, mustGet(runId).runId) }),
  };
}
