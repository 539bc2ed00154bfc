import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { listCheckpoints } from '../../../src-main/engine/training/checkpoint';
import { listMetrics, listSamples } from '../../../src-main/engine/training/runs-repo';
import { runTrain } from '../../../src-main/engine/training/train-loop';
import type { RunSummary } from '../../../src-main/shared/domain/run';
import { useTempDirs } from '../../helpers/temp-dir';
import { importDomain, TINY_CYCLEGAN } from './cyclegan-fixture';
import { fakeContext, paramsOf, setupRunHome } from './run-fixture';

beforeAll(async () => {
  await resolveBackend({ force: 'wasm' });
});

const LOSSES = ['gA2B', 'gB2A', 'dA', 'dB', 'cycleA', 'cycleB', 'idtA', 'idtB'];

describe('the training loop on CycleGAN (the train job, in process)', () => {
  const tempDir = useTempDirs();

  async function home() {
    const root = tempDir();
    const h = await setupRunHome(root); // 'shapes': labeled, grey, 24 images
    await importDomain(h.db, h.home, root, 'blue', 12, 1);
    return h;
  }

  it('stopped at step k and resumed gives the same losses as a run never stopped; panels, metrics, config.json', async () => {
    const { home: dir, db, handlers } = await home();
    const create = async () => (await handlers['runs.create']({ kind: 'cyclegan', datasets: { a: 'shapes', b: 'blue' }, config: TINY_CYCLEGAN })) as RunSummary;
    const straight = await create();
    expect(straight).toMatchObject({ kind: 'cyclegan', config: { channels: 3, resolution: 32 } });
    expect(straight.datasets.map((d) => [d.role, d.name])).toEqual([['a', 'shapes'], ['b', 'blue']]);
    expect(straight.warnings.some((w) => /'shapes' is greyscale and another dataset has colour: its images are read as RGB/.test(w.message))).toBe(true);
    const a = fakeContext(dir, straight.runId);
    a.ctx.params = paramsOf(db, straight);
    expect(await runTrain(a.ctx)).toMatchObject({ status: 'completed', step: 6 });
    for (const k of LOSSES) expect(Object.keys(a.losses[0]!.metrics)).toContain(k);

    const split = await create();
    const b1 = fakeContext(dir, split.runId, { stopAfter: 3 });
    b1.ctx.params = paramsOf(db, split);
    const tensorsBefore = tf.memory().numTensors;
    expect(await runTrain(b1.ctx)).toMatchObject({ status: 'stopped', step: 3 });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect((await listCheckpoints(split.runDir)).filter((c) => c.full).map((c) => c.step)).toEqual([2, 3]);
    const b2 = fakeContext(dir, split.runId);
    b2.ctx.params = paramsOf(db, split);
    expect(await runTrain(b2.ctx)).toMatchObject({ status: 'completed', step: 6 });
    expect(b2.logs.some((l) => /resuming .* step 3/.test(l.message))).toBe(true);
    const steps = [...b1.losses, ...b2.losses];
    expect(steps.map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6]);
    // Same backend, same process: resume is exact (losses, the pools' draws, the learning-rate schedule).
    expect(steps.map((s) => s.metrics)).toEqual(a.losses.map((s) => s.metrics));
    expect(listMetrics(db, split.runId).map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6]);
    const samples = listSamples(db, split.runId);
    expect(samples.map((s) => s.step)).toEqual([3, 6]);
    const meta = await sharp(samples[1]!.path).metadata();
    // 6 columns (real A, fake B, rec A, real B, fake A, rec B) × 4 rows of 32 px with 2 px gaps
    expect([meta.width, meta.height]).toEqual([6 * 34 + 2, 4 * 34 + 2]);
    expect(existsSync(`${split.runDir}/config.json`)).toBe(true);
    db.close();
  });

  it('a NaN loss stops the run and keeps the last good checkpoint', async () => {
    const { home: dir, db, handlers } = await home();
    const run = (await handlers['runs.create']({ kind: 'cyclegan', datasets: { a: 'shapes', b: 'blue' }, config: TINY_CYCLEGAN })) as RunSummary;
    const c = fakeContext(dir, run.runId);
    c.ctx.params = { ...paramsOf(db, run), injectNanAtStep: 3 };
    await expect(runTrain(c.ctx)).rejects.toThrow(/training diverged at step 3 \(.*NaN.*the last good checkpoint \(step 2\) is kept/);
    expect((await listCheckpoints(run.runDir)).map((x) => x.step)).toEqual([2]);
    db.close();
  });

  it('refuses a domain under 10 images (naming the count), the same dataset twice, an unknown one', async () => {
    const { home: dir, db, handlers } = await home();
    await importDomain(db, dir, `${dir}-src`, 'few', 7, 0);
    await expect(handlers['runs.create']({ kind: 'cyclegan', datasets: { a: 'few', b: 'blue' }, config: TINY_CYCLEGAN }))
      .rejects.toThrow(/Domain A 'few' has 7 image\(s\): CycleGAN \(unpaired translation\) needs at least 10/);
    await expect(handlers['runs.create']({ kind: 'cyclegan', datasets: { a: 'blue', b: 'blue' }, config: TINY_CYCLEGAN })).rejects.toThrow(/'blue' is given as both Domain A and Domain B/);
    await expect(handlers['runs.create']({ kind: 'cyclegan', datasets: { a: 'blue', b: 'nope' }, config: TINY_CYCLEGAN })).rejects.toThrow(/no dataset 'nope' \(Domain B\)/);
    await expect(handlers['runs.create']({ kind: 'cyclegan', datasets: { a: 'shapes', b: 'blue' }, config: { ...TINY_CYCLEGAN, resolution: 48 } })).rejects.toThrow(/does not offer 48/);
    db.close();
  });
});
