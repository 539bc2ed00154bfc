import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../../shared/api/errors';
import { diffFromDefaults } from '../../shared/models/config-fields';
import { raceDeviceLost } from '../compute/device-guard';
import { openDatabase, type Db } from '../db/database';
import { loadTrainingCache } from '../datasets';
import { homeLayout } from '../home/studio-home';
import type { JobContext, JobOutcome } from '../jobs/job-context';
import type { Batch, RoleImages, Trainer } from '../models/model';
import type { BaseRunConfig, ModelSpec } from '../models/model-spec';
import { mustFindModel } from '../models/registry';
import { batchOf } from './batches';
import { listCheckpoints, readCheckpoint, writeCheckpoint } from './checkpoint';
import { newOrder, nextBatchRows, restoreOrder, snapshotOrder, type DataOrder } from './data-order';
import { createCollapseCheck } from './collapse-check';
import { HealthMonitor, type HealthWarning } from './health';
import { NonFiniteLossError } from './non-finite-loss';
import { recordVersions } from './record-versions';
import { Rng } from './rng';
import { RngStreams } from './rng-streams';
import { runFolder } from './run-folder';
import * as runs from './runs-repo';
import { writePreview } from './sample-grid';
import { trainParamsOf } from './train-params';

/** Each role's training split at the run's resolution and channels (a grey domain is expanded to RGB when channels = 3). */
async function loadRoles(db: Db, home: string, spec: ModelSpec, versions: Record<string, string>, cfg: BaseRunConfig): Promise<Record<string, RoleImages>> {
  const out: Record<string, RoleImages> = {};
  for (const role of spec.datasets) {
    const versionId = versions[role.role];
    if (!versionId) throw new ApiError('bad_input', `the run has no dataset for its role '${role.label}'`);
    const data = await loadTrainingCache(db, home, versionId, { resolution: cfg.resolution, channels: cfg.channels });
    if (data.count < cfg.batch) {
      throw new ApiError('bad_input', `the batch (${cfg.batch}) is larger than the ${data.count} training images of ${role.label}: pass --batch ${data.count} or less`);
    }
    out[role.role] = { images: data.images, labels: data.labels, count: data.count, resolution: cfg.resolution, channels: cfg.channels, classNames: data.header.classNames };
  }
  return out;
}

/**
 * The `train` job, for every model: trains (or continues, from the newest full checkpoint in the run folder) to
 * `config.steps`. The loop owns what every model shares: the data order of each dataset role, the RNG streams,
 * progress and metric history, health warnings, sample previews, checkpoints (whole state, atomic), resume, stop
 * and pause, and the NaN guard. The model (models/<kind>/) owns its networks and its step.
 */
export async function runTrain(ctx: JobContext): Promise<JobOutcome> {
  const p = trainParamsOf(ctx.kind, ctx.params);
  const spec = mustFindModel(p.kind);
  const model = await spec.load();
  // An option an older run's config lacks means its default, which is "off" for every option added later.
  const cfg = spec.schema.parse({ ...spec.defaults, ...p.config }) as unknown as BaseRunConfig;
  const runId = ctx.jobId;
  const runDir = runFolder(ctx.home, runId);
  const db = openDatabase(homeLayout(ctx.home).database);
  // Ctrl-C reaches the whole process group: the host's stop message, not the signal, ends this process.
  const ignoreSigint = (): void => undefined;
  process.on('SIGINT', ignoreSigint);
  let trainer: Trainer | null = null;
  try {
    const data = await loadRoles(db, ctx.home, spec, p.datasets, cfg);
    const first = data[spec.datasets[0]!.role]!;
    const classNames = spec.preview.rows === 'classes' ? first.classNames : [];
    const streams = new RngStreams(cfg.seed);
    const orders: Record<string, DataOrder> = Object.fromEntries(spec.datasets.map((r) => [r.role, newOrder(new Rng(cfg.seed, r.orderStream), data[r.role]!.count)]));
    trainer = model.createTrainer({ cfg, data, classNames, rng: (n) => streams.get(n) });
    let step = 0;
    let lastGood: number | null = (await listCheckpoints(runDir)).filter((c) => c.full).at(-1)?.step ?? null;
    if (lastGood !== null) {
      const saved = await readCheckpoint(runDir, lastGood, model.upgradeMeta);
      trainer.restore(saved.weights, saved.state, saved.meta.model);
      for (const r of spec.datasets) restoreOrder(orders[r.role]!, saved.meta.orders[r.role]!, r.label);
      streams.restore(saved.meta.rng);
      step = saved.meta.step;
      runs.dropCheckpointsAfter(db, runId, lastGood);
      ctx.log('info', `resuming run ${runId} from its checkpoint at step ${lastGood}`);
    }
    await recordVersions(db, ctx, runId, runDir, spec.kind, cfg, diffFromDefaults(cfg as unknown as Record<string, unknown>, spec.defaults as unknown as Record<string, unknown>));
    if (spec.preview.rows === 'classes' && classNames.length === 1) ctx.log('info', 'the dataset has one class: this trains as a plain (unconditional) GAN');

    const health = new HealthMonitor(Math.max(10, Math.min(50, Math.floor(cfg.steps / 10))), spec.health);
    const warn = (w: HealthWarning): void => {
      ctx.log('warn', w.message);
      runs.addWarning(db, runId, step, w.code, w.message);
    };
    const collapse = classNames.length > 1 ? await createCollapseCheck(first, classNames) : null;
    // A lost WebGPU device fails the run with what to do; a checkpoint it interrupts is not written (its reads fail
    // first), so the last one on disk is kept.
    const guard = <T>(work: Promise<T>): Promise<T> => raceDeviceLost(work, `training run ${runId}`);
    const writeState = async (): Promise<void> => {
      const t = trainer!.tensors();
      try {
        const meta = { step, orders: Object.fromEntries(Object.entries(orders).map(([k, o]) => [k, snapshotOrder(o)])), rng: streams.snapshot(), model: trainer!.meta() };
        runs.addCheckpoint(db, runId, step, await writeCheckpoint(runDir, step, { weights: t.weights, state: t.state, meta }));
      } finally {
        tf.dispose(t.temporary);
      }
      lastGood = step;
    };
    const checkpoint = (): Promise<void> => guard(writeState());
    const preview = async (): Promise<void> => {
      const images = await guard(trainer!.preview());
      runs.addSample(db, runId, step, await writePreview(runDir, step, images, cfg.resolution, cfg.channels));
      // Early samples are alike in every GAN: judge collapse only once training is under way.
      if (collapse && images.labels && step >= Math.max(500, cfg.steps / 5)) {
        (await collapse(step, trainer!.probe ? await trainer!.probe() : images)).forEach(warn);
      }
    };

    while (step < cfg.steps) {
      if ((await ctx.checkpoint()) === 'stop') {
        if (lastGood !== step) await checkpoint();
        return { status: 'stopped', step, output: { checkpoint: step } };
      }
      const batches: Record<string, Batch> = {};
      spec.datasets.forEach((r, i) => {
        batches[r.role] = batchOf(data[r.role]!, nextBatchRows(orders[r.role]!, cfg.batch), i === 0 && p.injectNanAtStep === step + 1);
      });
      let m: Record<string, number>;
      try {
        m = await guard(trainer.step(batches));
      } finally {
        tf.dispose(Object.values(batches).flatMap((b) => [b.x, b.labels]));
      }
      step += 1;
      if (!Object.values(m).every(Number.isFinite)) throw new NonFiniteLossError(step, m, lastGood);
      const epochs = Object.fromEntries(Object.entries(orders).map(([k, o]) => [spec.datasets.length === 1 ? 'epoch' : `epoch${k.toUpperCase()}`, o.epoch]));
      ctx.progress(step, cfg.steps, { ...m, ...epochs });
      if (step % cfg.metricsEvery === 0 || step === cfg.steps) runs.addMetrics(db, runId, step, { ...m });
      health.observe(step, m).forEach(warn);
      if (step % cfg.sampleEvery === 0 || step === cfg.steps) await preview();
      if (step % cfg.checkpointEvery === 0 || step === cfg.steps) await checkpoint();
    }
    return { status: 'completed', step, output: { checkpoint: step } };
  } finally {
    trainer?.dispose();
    process.off('SIGINT', ignoreSigint);
    db.close();
  }
}
