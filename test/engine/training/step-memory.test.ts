import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { cganSpec } from '../../../src-main/engine/models/cgan/spec';
import { createCganTrainer } from '../../../src-main/engine/models/cgan/trainer';
import { cycleganSpec } from '../../../src-main/engine/models/cyclegan/spec';
import { createCycleganTrainer } from '../../../src-main/engine/models/cyclegan/trainer';
import type { Batch, RoleImages, Trainer } from '../../../src-main/engine/models/model';
import { batchOf } from '../../../src-main/engine/training/batches';
import { newOrder, nextBatchRows, type DataOrder } from '../../../src-main/engine/training/data-order';
import { Rng } from '../../../src-main/engine/training/rng';
import { roleImages, trainSetup } from '../models/trainer-fixture';

// The leak check of STYLE.md ("tests assert numTensors is unchanged after a step") over many steps, with the data
// feeding of the training loop: a fresh batch from each role's shuffled order each step, epochs turning over,
// DiffAugment, EMA, jitter, the history pools filling up. The models' trainer tests check a few steps of each variant.

beforeAll(async () => {
  await resolveBackend({ force: 'wasm' });
});

/** Steps `trainer` to `steps` as the loop feeds it, keeping numTensors after each step in `at`. */
async function feed(trainer: Trainer, data: Record<string, RoleImages>, orders: Record<string, DataOrder>, batch: number, steps: number, at: number[]) {
  const counts = new Map<number, number>();
  for (let step = 1; step <= steps; step++) {
    const batches: Record<string, Batch> = Object.fromEntries(Object.keys(data).map((r) => [r, batchOf(data[r]!, nextBatchRows(orders[r]!, batch))]));
    const m = await trainer.step(batches);
    tf.dispose(Object.values(batches).flatMap((b) => [b.x, b.labels]));
    expect(Number.isFinite(m.lossD) && Number.isFinite(m.lossG)).toBe(true);
    if (at.includes(step)) counts.set(step, tf.memory().numTensors);
  }
  return counts;
}

describe('training memory over many steps', () => {
  it('the cGAN step (28 px, DiffAugment, EMA, batch 4) holds numTensors flat from step 10 to step 200', async () => {
    const data = { train: roleImages(30, 28, 1, 3, 1) };
    const trainer = createCganTrainer(trainSetup(cganSpec, { resolution: 28, channels: 1, width: 4, zDim: 8, embDim: 4, batch: 4, diffAugment: 'on', seed: 2 },
      data, { classNames: ['a', 'b', 'c'] }));
    const orders = { train: newOrder(new Rng(2, 1), 30) };
    const counts = await feed(trainer, data, orders, 4, 200, [10, 200]);
    expect(orders.train.epoch).toBeGreaterThan(20); // 200 batches of 4 from 30 images: the order turned over many times
    expect(trainer.meta()).toMatchObject({ step: 200, augment: true });
    expect(counts.get(200)).toBe(counts.get(10));
    trainer.dispose();
  });

  it('the CycleGAN step (32 px, jitter, history pools, batch 1) holds numTensors flat from step 5 to step 50', async () => {
    const data = { a: roleImages(6, 32, 3, 1, 1), b: roleImages(6, 32, 3, 1, 2) };
    const trainer = createCycleganTrainer(trainSetup(cycleganSpec, { resolution: 32, channels: 3, width: 4, discWidth: 4, resBlocks: 1, batch: 1, steps: 50,
      poolSize: 4, seed: 3 }, data));
    const orders = { a: newOrder(new Rng(3, 1), 6), b: newOrder(new Rng(3, 5), 6) };
    const counts = await feed(trainer, data, orders, 1, 50, [5, 50]);
    expect(trainer.meta()).toMatchObject({ step: 50, poolCount: { a: 4, b: 4 } }); // the pools filled up between the two measurements
    expect(counts.get(50)).toBe(counts.get(5));
    trainer.dispose();
  });
});
