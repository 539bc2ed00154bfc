import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../../shared/api/errors';
import { cycleganDiffFromDefaults, type CycleganRunConfig } from '../../shared/domain/cyclegan-config';
import { TrainCycleganParamsSchema } from '../../shared/domain/run';
import { openDatabase, type Db } from '../db/database';
import { loadTrainingCache } from '../datasets';
import { homeLayout } from '../home/studio-home';
import type { JobContext, JobOutcome } from '../jobs/job-context';
import { nextBatchRows } from './cgan-state';
import { listCheckpoints } from './checkpoint';
import { loadCycleganCheckpoint, saveCycleganCheckpoint } from './cyclegan-checkpoint';
import { domainBatch, jitter, type DomainImages } from './cyclegan-data';
import { writeCycleganPanel } from './cyclegan-samples';
import { createCycleganState, type CycleganState } from './cyclegan-state';
import { cycleganTrainStep, type CycleganMetrics } from './cyclegan-step';
import { HealthMonitor, type HealthWarning } from './health';
import * as runs from './runs-repo';
import { NonFiniteLossError, recordVersions, runFolder } from './train-cgan';

/** One domain's training split at the run's resolution and channels (a grey domain is expanded to RGB when channels = 3). */
async function loadDomain(db: Db, home: string, versionId: string, cfg: CycleganRunConfig, name: string): Promise<DomainImages> {
  const data = await loadTrainingCache(db, home, versionId, { resolution: cfg.resolution, channels: cfg.channels });
  if (data.count < cfg.batch) {
    throw new ApiError('bad_input', `the batch (${cfg.batch}) is larger than domain ${name}'s ${data.count} training images: pass --batch ${data.count} or less`);
  }
  return { images: data.images, count: data.count, resolution: cfg.resolution, channels: cfg.channels };
}

/** The next jittered batch of a domain: rows from its data order, then crop/flip from the jitter stream. */
function nextBatch(state: CycleganState, data: DomainImages, order: CycleganState['orderA'], poison: boolean): tf.Tensor4D {
  const rows = nextBatchRows(order, state.cfg.batch);
  return tf.tidy(() => jitter(domainBatch(data, rows, poison), state.cfg.jitterScale, state.cfg.flip, state.rngAug));
}

/**
 * The `train-cyclegan` job: trains (or continues from the newest full checkpoint) a CycleGAN between the domains
 * A and B to `config.steps`. Same conventions as the cGAN's runner: progress every step, metric history, a sample
 * panel every `sampleEvery`, health warnings, checkpoints, a checkpoint on stop, NaN stops the run.
 */
export async function runTrainCyclegan(ctx: JobContext): Promise<JobOutcome> {
  const p = TrainCycleganParamsSchema.parse(ctx.params);
  const cfg = p.config;
  const runId = ctx.jobId;
  const runDir = runFolder(ctx.home, runId);
  const db = openDatabase(homeLayout(ctx.home).database);
  const ignoreSigint = (): void => undefined; // the host's stop message, not Ctrl-C, ends this process
  process.on('SIGINT', ignoreSigint);
  let state: CycleganState | null = null;
  try {
    const a = await loadDomain(db, ctx.home, p.versionA, cfg, 'A');
    const b = await loadDomain(db, ctx.home, p.versionB, cfg, 'B');
    state = createCycleganState(cfg, a.count, b.count);
    let lastGood: number | null = (await listCheckpoints(runDir)).filter((c) => c.full).at(-1)?.step ?? null;
    if (lastGood !== null) {
      await loadCycleganCheckpoint(runDir, lastGood, state);
      runs.dropCheckpointsAfter(db, runId, lastGood);
      ctx.log('info', `resuming run ${runId} from its checkpoint at step ${lastGood}`);
    }
    await recordVersions(db, ctx, runId, runDir, 'cyclegan', cfg, cycleganDiffFromDefaults(cfg));
    const health = new HealthMonitor(Math.max(10, Math.min(50, Math.floor(cfg.steps / 10))), {
      score: "the discriminators' mean score on the fakes", advice: 'try a lower D learning rate or a larger history pool (poolSize)',
    });
    const warn = (w: HealthWarning): void => {
      ctx.log('warn', w.message);
      runs.addWarning(db, runId, state!.step, w.code, w.message);
    };
    const checkpoint = async (): Promise<void> => {
      runs.addCheckpoint(db, runId, state!.step, await saveCycleganCheckpoint(runDir, state!));
      lastGood = state!.step;
    };

    while (state.step < cfg.steps) {
      if ((await ctx.checkpoint()) === 'stop') {
        if (lastGood !== state.step) await checkpoint();
        return { status: 'stopped', step: state.step, output: { checkpoint: state.step } };
      }
      const poison = p.injectNanAtStep === state.step + 1;
      const realA = nextBatch(state, a, state.orderA, poison), realB = nextBatch(state, b, state.orderB, false);
      let m: CycleganMetrics;
      try {
        m = cycleganTrainStep(state, realA, realB);
      } finally {
        tf.dispose([realA, realB]);
      }
      if (!Object.values(m).every(Number.isFinite)) throw new NonFiniteLossError(state.step, m, lastGood);
      const s = state.step;
      ctx.progress(s, cfg.steps, { ...m, epochA: state.orderA.epoch, epochB: state.orderB.epoch });
      if (s % cfg.metricsEvery === 0 || s === cfg.steps) runs.addMetrics(db, runId, s, { ...m });
      health.observe(s, m).forEach(warn);
      if (s % cfg.sampleEvery === 0 || s === cfg.steps) runs.addSample(db, runId, s, await writeCycleganPanel(runDir, state, a, b));
      if (s % cfg.checkpointEvery === 0 || s === cfg.steps) await checkpoint();
    }
    return { status: 'completed', step: state.step, output: { checkpoint: state.step } };
  } finally {
    state?.dispose();
    process.off('SIGINT', ignoreSigint);
    db.close();
  }
}
