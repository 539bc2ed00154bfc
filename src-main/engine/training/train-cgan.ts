import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../../shared/api/errors';
import { TrainCganParamsSchema, type TrainCganParams } from '../../shared/domain/run';
import { diffFromDefaults } from '../../shared/domain/run-config';
import { openDatabase, type Db } from '../db/database';
import { loadTrainingCache } from '../datasets';
import { homeLayout } from '../home/studio-home';
import type { JobContext, JobOutcome } from '../jobs/job-context';
import { appVersion } from '../version';
import { createCganState, nextBatchRows, type CganState } from './cgan-state';
import { trainStep, type StepMetrics } from './cgan-step';
import { listCheckpoints, loadCheckpoint, saveCheckpoint } from './checkpoint';
import { classDiversity, HealthMonitor, type HealthWarning } from './health';
import * as runs from './runs-repo';
import { writeSampleGrid } from './sample-grid';
import { makeBatch, referenceRows, type TrainImages } from './train-data';

/** `<home>/runs/<runId>`: checkpoints, sample grids and config.json of a run. */
export const runFolder = (home: string, runId: string): string => join(homeLayout(home).runs, runId);

/** A loss became NaN or infinite: the run stops, its last good checkpoint stays. */
export class NonFiniteLossError extends ApiError {
  constructor(step: number, metrics: StepMetrics | Record<string, number>, lastGood: number | null) {
    const bad = Object.entries(metrics).filter(([, v]) => !Number.isFinite(v)).map(([k, v]) => `${k} = ${v}`).join(', ');
    super('job_failed', `training diverged at step ${step} (${bad}); ${lastGood === null ? 'no checkpoint was written yet' :
      `the last good checkpoint (step ${lastGood}) is kept: resume from it with a lower learning rate`}`);
  }
}

/** The training images of a run: the dataset version's training cache at the run's resolution and channels. */
async function loadImages(db: Db, home: string, p: TrainCganParams): Promise<TrainImages> {
  const data = await loadTrainingCache(db, home, p.datasetVersionId, { resolution: p.config.resolution, channels: p.config.channels });
  if (data.count < p.config.batch) {
    throw new ApiError('bad_input', `the batch (${p.config.batch}) is larger than the dataset's ${data.count} training images: pass --batch ${data.count} or less`);
  }
  return { images: data.images, labels: data.labels, count: data.count, resolution: p.config.resolution, channels: p.config.channels, classNames: data.header.classNames };
}

/**
 * The `train-cgan` job: trains (or continues, from the newest full checkpoint in the run folder) a conditional
 * GAN to `config.steps`. Reports every step's metrics, keeps metric history, sample grids, health warnings and
 * checkpoints; stops cleanly with a checkpoint when asked.
 */
export async function runTrainCgan(ctx: JobContext): Promise<JobOutcome> {
  const p = TrainCganParamsSchema.parse(ctx.params);
  const { config: cfg } = p;
  const runId = ctx.jobId;
  const runDir = runFolder(ctx.home, runId);
  const db = openDatabase(homeLayout(ctx.home).database);
  // Ctrl-C reaches the whole process group: the host's stop message, not the signal, ends this process.
  const ignoreSigint = (): void => undefined;
  process.on('SIGINT', ignoreSigint);
  let state: CganState | null = null;
  try {
    const data = await loadImages(db, ctx.home, p);
    const classes = data.classNames.length;
    state = createCganState(cfg, classes, data.count);
    const full = (await listCheckpoints(runDir)).filter((c) => c.full);
    let lastGood: number | null = full.at(-1)?.step ?? null;
    if (lastGood !== null) {
      await loadCheckpoint(runDir, lastGood, state);
      runs.dropCheckpointsAfter(db, runId, lastGood);
      ctx.log('info', `resuming run ${runId} from its checkpoint at step ${lastGood}`);
    }
    await recordVersions(db, ctx, runId, runDir, 'cgan', p.config, diffFromDefaults(p.config));
    if (classes === 1) ctx.log('info', 'the dataset has one class: this trains as a plain (unconditional) GAN');
    if (state.augment) ctx.log('info', `DiffAugment on (${cfg.augmentPolicy.join(', ')}): ${data.count} training images`);
    const ref = referenceRows(data, cfg.samplesPerClass);
    const frame = data.resolution * data.resolution * data.channels;
    const refImages = new Uint8Array(ref.rows.length * frame);
    ref.rows.forEach((r, i) => refImages.set(data.images.subarray(r * frame, (r + 1) * frame), i * frame));
    const realDiversity = classDiversity(refImages, frame, ref.labels, classes, 1 / 127.5);
    const health = new HealthMonitor(Math.max(10, Math.min(50, Math.floor(cfg.steps / 10))));
    const warn = (w: HealthWarning): void => {
      ctx.log('warn', w.message);
      runs.addWarning(db, runId, state!.step, w.code, w.message);
    };
    const checkpoint = async (): Promise<void> => {
      const dir = await saveCheckpoint(runDir, state!);
      runs.addCheckpoint(db, runId, state!.step, dir);
      lastGood = state!.step;
    };
    const sample = async (): Promise<void> => {
      const grid = await writeSampleGrid(runDir, state!, classes);
      runs.addSample(db, runId, state!.step, grid.file);
      const fake = classDiversity(grid.pixels, frame, gridLabels(classes, cfg.samplesPerClass), classes);
      // Early samples are alike in every GAN: judge collapse only once training is under way.
      if (state!.step >= Math.max(500, cfg.steps / 5)) health.checkDiversity(state!.step, data.classNames, fake, realDiversity).forEach(warn);
    };

    while (state.step < cfg.steps) {
      if ((await ctx.checkpoint()) === 'stop') {
        if (lastGood !== state.step) await checkpoint();
        return { status: 'stopped', step: state.step, output: { checkpoint: state.step } };
      }
      const rows = nextBatchRows(state, cfg.batch);
      const { real, labels } = makeBatch(data, rows, p.injectNanAtStep === state.step + 1);
      let m: StepMetrics;
      try {
        m = trainStep(state, real, labels);
      } finally {
        tf.dispose([real, labels]);
      }
      if (!Object.values(m).every(Number.isFinite)) throw new NonFiniteLossError(state.step, m, lastGood);
      const s = state.step;
      ctx.progress(s, cfg.steps, { ...m, epoch: state.epoch });
      if (s % cfg.metricsEvery === 0 || s === cfg.steps) runs.addMetrics(db, runId, s, { ...m });
      health.observe(s, m).forEach(warn);
      if (s % cfg.sampleEvery === 0 || s === cfg.steps) await sample();
      if (s % cfg.checkpointEvery === 0 || s === cfg.steps) await checkpoint();
    }
    return { status: 'completed', step: state.step, output: { checkpoint: state.step } };
  } finally {
    state?.dispose();
    process.off('SIGINT', ignoreSigint);
    db.close();
  }
}

function gridLabels(classes: number, cols: number): Int32Array {
  const out = new Int32Array(classes * cols);
  for (let c = 0; c < classes; c++) out.fill(c, c * cols, (c + 1) * cols);
  return out;
}

/** app, tfjs and backend versions into the run row, and `config.json` beside the checkpoints (any model). */
export async function recordVersions(db: Db, ctx: JobContext, runId: string, runDir: string, kind: string, config: object,
  differsFromDefaults: object): Promise<void> {
  const versions = { app: appVersion(), tfjs: tf.version.tfjs, backend: ctx.backend.active ?? tf.getBackend() };
  runs.setRunVersions(db, runId, versions);
  const run = runs.getRun(db, runId);
  await mkdir(runDir, { recursive: true });
  await writeFile(join(runDir, 'config.json'), `${JSON.stringify({
    runId: runId, kind, preset: run?.preset ?? null, datasets: run?.datasets ?? [], classNames: run?.classNames ?? [],
    config, differsFromDefaults, versions,
  }, null, 2)}\n`);
}
