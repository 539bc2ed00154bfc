import { readFile } from 'node:fs/promises';
import { ApiError } from '../../shared/api/errors';
import { presetTable } from '../../shared/api/contract-runs';
import { CYCLEGAN_DEFAULTS } from '../../shared/domain/cyclegan-config';
import type { Job, JobKind } from '../../shared/domain/job';
import type { CreateAnyRunInput, CreateRunInput, RunSummary, TrainCganParams } from '../../shared/domain/run';
import { CGAN_DEFAULTS, CGAN_RESOLUTIONS, diffFromDefaults, resolveCganConfig, type CganRunConfig } from '../../shared/domain/run-config';
import type { Handlers } from '../api/dispatch';
import type { Db } from '../db/database';
import { getDataset } from '../datasets/queries';
import { folderBytes } from '../files/folder-bytes';
import { requeueJob } from '../jobs/jobs-repo';
import { listCheckpoints } from '../training/checkpoint';
import * as runs from '../training/runs-repo';

/**
 * What starting or resuming a run needs: these modules load tfjs and sharp, so the calls that only read runs
 * (`gan-studio runs`, the Runs page) never import them (CLI start-up, issue 15).
 */
async function runStarters() {
  const [cyclegan, datasets, cgan] = await Promise.all([
    import('../training/cyclegan-create'), import('../training/run-datasets'), import('../training/train-cgan'),
  ]);
  return { ...cyclegan, ...datasets, runFolder: cgan.runFolder };
}

type RunCall = 'runs.list' | 'runs.get' | 'runs.create' | 'runs.resume' | 'runs.pause' | 'runs.stop' | 'runs.samples' | 'runs.sampleImage' | 'runs.metrics'
  | 'runs.warnings' | 'runs.configDefaults';

export interface RunsServiceDeps {
  db: Db;
  home: string;
  app: string;
  /** The job host's queue and controls. */
  enqueue(kind: JobKind, params: Record<string, unknown>, totalSteps: number): Job;
  control(jobId: string, action: 'pause' | 'resume' | 'stop'): Job;
}

/** Image sides the run could use: the smallest offered side at least the images' `median` side (capped at 128). */
function autoResolution(median: number): CganRunConfig['resolution'] {
  return CGAN_RESOLUTIONS.find((r) => r >= median) ?? 128;
}

/** API handlers of training runs. A run is a `train-cgan` job plus its runs row; run id = job id. */
export function createRunsHandlers(deps: RunsServiceDeps): Pick<Handlers, RunCall> {
  const { db } = deps;
  const mustGet = (runId: string): RunSummary => {
    const run = runs.getRun(db, runId);
    if (!run) throw new ApiError('not_found', `no run ${runId}: list them with 'gan-studio runs'`);
    return run;
  };

  async function create(input: CreateRunInput): Promise<RunSummary> {
    const { assertFilesIntact, datasetChannels, medianSide, runFolder } = await runStarters();
    const dataset = getDataset(db, input.dataset);
    if (!dataset) throw new ApiError('not_found', `no dataset '${input.dataset}': list them with 'gan-studio datasets'`);
    if (dataset.kind !== 'labeled') {
      throw new ApiError('bad_input', `'${dataset.name}' is a domain (unlabeled) dataset: a cGAN needs a labeled one (one subfolder per class); domain datasets are for CycleGAN`);
    }
    const explicit = { ...input.config };
    if (explicit.resolution !== undefined && !(CGAN_RESOLUTIONS as readonly number[]).includes(explicit.resolution)) {
      throw new ApiError('bad_input', `the cGAN does not offer ${explicit.resolution}×${explicit.resolution}: use --resolution ${CGAN_RESOLUTIONS.join(', ')}`);
    }
    const notes: string[] = [];
    if (dataset.classes.length === 1) notes.push(`'${dataset.name}' has one class: the run trains a plain (unconditional) GAN`);
    const train = dataset.split.train;
    if (train < 2) throw new ApiError('bad_input', `'${dataset.name}' has ${train} training image(s): a GAN needs at least 2`);
    const resolved: Partial<CganRunConfig> = {
      ...explicit,
      resolution: (explicit.resolution as CganRunConfig['resolution'] | undefined) ?? autoResolution(medianSide(db, dataset.versionId)),
      channels: explicit.channels ?? datasetChannels(db, dataset.versionId),
    };
    let config = resolveCganConfig(input.preset, resolved);
    if (config.batch > train) {
      if (explicit.batch !== undefined) {
        throw new ApiError('bad_input', `--batch ${config.batch} is larger than the ${train} training images of '${dataset.name}': pass --batch ${train} or less`);
      }
      notes.push(`batch lowered from ${config.batch} to ${train}: '${dataset.name}' has only ${train} training images`);
      config = { ...config, batch: train };
    }
    await assertFilesIntact(db, dataset.versionId);
    const params: TrainCganParams = { datasetVersionId: dataset.versionId, config };
    const job = db.transaction(() => {
      const j = deps.enqueue('train-cgan', params, config.steps);
      runs.insertRun(db, {
        runId: j.jobId, datasets: [{ role: 'train', ref: input.dataset, versionId: dataset.versionId, name: dataset.name }], config,
        configDiff: diffFromDefaults(config), preset: input.preset ?? null, app: deps.app, runDir: runFolder(deps.home, j.jobId),
        classNames: dataset.classes.map((c) => c.name),
      });
      for (const n of notes) runs.addWarning(db, j.jobId, 0, 'adjusted', n);
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
    if (run.status === 'running' || run.status === 'queued') throw new ApiError('conflict', `run ${runId} is ${run.status} already`);
    if (run.status === 'paused') {
      if (steps !== undefined && steps !== run.config.steps) throw new ApiError('conflict', `run ${runId} is paused: resume it without --steps, or stop it first`);
      deps.control(runId, 'resume');
      return mustGet(runId);
    }
    if (steps === undefined && current >= run.config.steps) {
      throw new ApiError('bad_input', `run ${runId} already reached its ${run.config.steps} steps: pass --steps above ${current}`);
    }
    const { assertFilesIntact, cycleganResumeParams } = await runStarters();
    for (const d of run.datasets) await assertFilesIntact(db, d.versionId);
    if (run.kind === 'cyclegan') {
      const { config, diff, params } = cycleganResumeParams(run, steps);
      runs.updateRunConfig(db, runId, config, diff, params);
    } else {
      const config = { ...run.config, steps: steps ?? run.config.steps };
      const params: TrainCganParams = { datasetVersionId: run.datasets[0]!.versionId, config };
      runs.updateRunConfig(db, runId, config, diffFromDefaults(config), params);
    }
    if (run.status === 'interrupted') deps.control(runId, 'resume');
    else requeueJob(db, runId);
    return mustGet(runId);
  }

  /** The summary with its folder's disk use: a walk with one stat per file (~4 ms for 10 checkpoints and 100 sample grids). */
  const withDisk = async (run: RunSummary): Promise<RunSummary> => ({ ...run, diskBytes: await folderBytes(run.runDir) });

  return {
    'runs.list': async () => ({ runs: await Promise.all(runs.listRuns(db).map(withDisk)) }),
    'runs.get': ({ runId }) => withDisk(mustGet(runId)),
    'runs.create': async (input: CreateAnyRunInput) =>
      withDisk(await (input.kind === 'cyclegan' ? (await runStarters()).createCycleganRun({ ...deps, mustGet }, input) : create(input))),
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
    'runs.sampleImage': async ({ runId, step }) => {
      const sample = runs.listSamples(db, mustGet(runId).runId).find((x) => x.step === step);
      if (!sample) throw new ApiError('not_found', `run ${runId} has no sample grid at step ${step}`);
      return { step, mime: 'image/png' as const, base64: (await readFile(sample.path)).toString('base64') };
    },
    'runs.metrics': ({ runId, sinceStep }) => ({ points: runs.listMetrics(db, mustGet(runId).runId, sinceStep ?? 0) }),
    'runs.warnings': ({ runId }) => ({ warnings: runs.listWarnings(db, mustGet(runId).runId) }),
    'runs.configDefaults': () => ({
      defaults: CGAN_DEFAULTS, presets: presetTable(), cyclegan: { defaults: CYCLEGAN_DEFAULTS, presets: presetTable('cyclegan') },
    }),
  };
}
