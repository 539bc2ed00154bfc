import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import type { Db } from '../../../src-main/engine/db/database';
import { regenerateSample } from '../../../src-main/engine/generation/generate-batch';
import { loadSampler } from '../../../src-main/engine/generation/load-sampler';
import { getJob } from '../../../src-main/engine/jobs/jobs-repo';
import type { LoopMeta } from '../../../src-main/engine/models/model';
import { CHECKSUMS_FILE } from '../../../src-main/engine/training/checkpoint-integrity';
import { checkpointDir, listCheckpoints } from '../../../src-main/engine/training/checkpoint';
import { runTrain } from '../../../src-main/engine/training/train-loop';
import type { JobKind } from '../../../src-main/shared/domain/job';
import type { RunSummary } from '../../../src-main/shared/domain/run';
import { useTempDirs } from '../../helpers/temp-dir';
import { translateInProcess } from '../translation/translation-fixture';
import { importDomain, TINY_CYCLEGAN } from './cyclegan-fixture';
import { fakeContext, paramsOf, setupRunHome } from './run-fixture';

// Runs and checkpoints made before the one training loop keep working (issue 11, "must not change"). The old files
// are fabricated from a run of today's loop: its checkpoints' state-meta.json rewritten into the layout the per-model
// loops wrote (no `format`; the cGAN's flat fields, CycleGAN's orderA/orderB/rngAug/rngPool), and its job turned back
// into a `train-cgan` / `train-cyclegan` job with the parameters those took. The tensors are stored as they were then.

beforeAll(async () => {
  await resolveBackend({ force: 'wasm' });
});

type Meta = LoopMeta & { format?: number };
const readMeta = (runDir: string, step: number): Meta => JSON.parse(readFileSync(join(checkpointDir(runDir, step), 'state-meta.json'), 'utf8')) as Meta;

/** Rewrites every resumable checkpoint of a run with `toOld(meta)`; returns their steps. */
async function rewriteMetas(runDir: string, toOld: (m: Meta) => Record<string, unknown>): Promise<number[]> {
  const full = (await listCheckpoints(runDir)).filter((c) => c.full).map((c) => c.step);
  for (const step of full) {
    const m = readMeta(runDir, step);
    expect(m.format).toBe(2);
    writeFileSync(join(checkpointDir(runDir, step), 'state-meta.json'), JSON.stringify(toOld(m)));
    // Checkpoints from before the one loop also predate checksums: they carry no manifest (and load as before).
    rmSync(join(checkpointDir(runDir, step), CHECKSUMS_FILE), { force: true });
  }
  return full;
}

/** The pre-redesign cGAN `state-meta.json` (training/checkpoint.ts StateMeta of commit d966682). */
const oldCganMeta = (m: Meta) => ({
  step: m.step, adamStepG: m.model.adamStepG, adamStepD: m.model.adamStepD,
  rng: { data: m.orders.train!.rng, noise: m.rng['2'], aug: m.rng['3'] },
  epoch: m.orders.train!.epoch, cursor: m.orders.train!.cursor, order: m.orders.train!.order, augment: m.model.augment,
});

/** The pre-redesign CycleGAN `state-meta.json` (training/cyclegan-checkpoint.ts CycleganMeta of commit d966682). */
const oldCycleganMeta = (m: Meta) => ({
  kind: 'cyclegan', step: m.step, adamStepG: m.model.adamStepG, adamStepD: m.model.adamStepD, orderA: m.orders.a, orderB: m.orders.b,
  rngAug: m.rng['3'], rngPool: m.rng['6'], poolCount: m.model.poolCount,
});

/** Turns a run's job into one queued before the one loop: its old kind and parameters. */
function makeOldJob(db: Db, run: RunSummary, kind: JobKind, params: Record<string, unknown>) {
  db.prepare(`UPDATE jobs SET kind = ?, params_json = ?, status = 'interrupted' WHERE job_id = ?`).run(kind, JSON.stringify(params), run.runId);
}

async function train(home: string, run: RunSummary, params: Record<string, unknown>, o: { stopAfter?: number; kind?: JobKind } = {}) {
  const c = fakeContext(home, run.runId, o);
  c.ctx.params = params;
  const outcome = await runTrain(c.ctx);
  return { ...c, outcome };
}

describe('checkpoints and jobs from before the one training loop', () => {
  const tempDir = useTempDirs();

  it('a cGAN run: an old train-cgan job resumes an old-layout checkpoint to the same losses, and its checkpoints generate', async () => {
    const { home, db, handlers } = await setupRunHome(tempDir());
    const config = { resolution: 28, width: 4, zDim: 8, embDim: 4, batch: 4, steps: 6, checkpointEvery: 2, sampleEvery: 3, metricsEvery: 1, seed: 3, diffAugment: 'on' };
    const create = async () => (await handlers['runs.create']({ kind: 'cgan', datasets: { train: 'shapes' }, config })) as RunSummary;
    const straight = await create();
    const a = await train(home, straight, paramsOf(db, straight));
    expect(a.outcome).toMatchObject({ status: 'completed', step: 6 });

    const old = await create();
    expect((await train(home, old, paramsOf(db, old), { stopAfter: 4 })).outcome).toMatchObject({ status: 'stopped', step: 4 });
    const before = readMeta(old.runDir, 4);
    expect(await rewriteMetas(old.runDir, oldCganMeta)).toEqual([2, 4]);
    expect(readMeta(old.runDir, 4)).not.toHaveProperty('format');
    makeOldJob(db, old, 'train-cgan', { datasetVersionId: old.datasets[0]!.versionId, config: old.config });

    // The host re-runs the interrupted job as it was queued: kind train-cgan, its old parameters.
    const resumed = await train(home, old, getJob(db, old.runId)!.params, { kind: 'train-cgan' });
    expect(resumed.outcome).toMatchObject({ status: 'completed', step: 6 });
    expect(resumed.logs.some((l) => /resuming .* step 4/.test(l.message))).toBe(true);
    expect(resumed.losses.map((l) => l.metrics)).toEqual(a.losses.slice(4).map((l) => l.metrics)); // exact
    // The checkpoints it writes are today's; the old one it resumed from read the same state as the new one held.
    expect(readMeta(old.runDir, 6).format).toBe(2);
    expect(readMeta(old.runDir, 6).model).toEqual(readMeta(straight.runDir, 6).model);
    expect(before.model).toEqual({ adamStepG: 4, adamStepD: 4, augment: true, step: 4 });

    // Generation from the old-layout checkpoint (step 4, its weights as the old loop stored them) and the new one.
    for (const step of [4, 6]) {
      const [mine, twin] = [await loadSampler(old, step, 'ema'), await loadSampler(straight, step, 'ema')];
      const [x, y] = [await regenerateSample(mine, 5, 1, 7, null), await regenerateSample(twin, 5, 1, 7, null)];
      expect(x.equals(y), `step ${step}`).toBe(true);
      [mine, twin].forEach((m) => m.dispose());
    }
    expect((await handlers['runs.get']({ runId: old.runId })).checkpoints).toEqual([2, 4, 6]);
    db.close();
  });

  it('a CycleGAN run: an old train-cyclegan job resumes an old-layout checkpoint to the same losses, and translates', async () => {
    const root = tempDir();
    const { home, db, handlers } = await setupRunHome(root);
    await importDomain(db, home, root, 'blue', 12, 1);
    const create = async () => (await handlers['runs.create']({ kind: 'cyclegan', datasets: { a: 'shapes', b: 'blue' }, config: TINY_CYCLEGAN })) as RunSummary;
    const straight = await create();
    const a = await train(home, straight, paramsOf(db, straight));
    expect(a.outcome).toMatchObject({ status: 'completed', step: 6 });

    const old = await create();
    expect((await train(home, old, paramsOf(db, old), { stopAfter: 3 })).outcome).toMatchObject({ status: 'stopped', step: 3 });
    expect(await rewriteMetas(old.runDir, oldCycleganMeta)).toEqual([2, 3]);
    const role = (r: string) => old.datasets.find((d) => d.role === r)!.versionId;
    makeOldJob(db, old, 'train-cyclegan', { versionA: role('a'), versionB: role('b'), config: old.config });

    const resumed = await train(home, old, getJob(db, old.runId)!.params, { kind: 'train-cyclegan' });
    expect(resumed.outcome).toMatchObject({ status: 'completed', step: 6 });
    expect(resumed.logs.some((l) => /resuming .* step 3/.test(l.message))).toBe(true);
    // exact: the pools and jitter streams came back from the old layout too
    expect(resumed.losses.map((l) => l.metrics)).toEqual(a.losses.slice(3).map((l) => l.metrics));

    // Translation from the checkpoint written in the old layout (step 2) gives what the straight run's step 2 gives.
    const mine = await translateInProcess(db, home, { runId: old.runId, direction: 'a2b', checkpoint: 2, inputDataset: 'blue' });
    const twin = await translateInProcess(db, home, { runId: straight.runId, direction: 'a2b', checkpoint: 2, inputDataset: 'blue' });
    expect(mine).toMatchObject({ status: 'completed', count: 12 });
    const hashes = (batchId: string) => db.prepare('SELECT sha256 FROM samples WHERE batch_id = ? ORDER BY sample_index').all(batchId);
    expect(hashes(mine.batchId)).toEqual(hashes(twin.batchId));
    db.close();
  });
});
