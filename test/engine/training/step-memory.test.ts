import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { createCganState, nextBatchRows } from '../../../src-main/engine/training/cgan-state';
import { trainStep } from '../../../src-main/engine/training/cgan-step';
import { domainBatch, jitter, type DomainImages } from '../../../src-main/engine/training/cyclegan-data';
import { createCycleganState } from '../../../src-main/engine/training/cyclegan-state';
import { cycleganTrainStep } from '../../../src-main/engine/training/cyclegan-step';
import { makeBatch, type TrainImages } from '../../../src-main/engine/training/train-data';
import { resolveCycleganConfig } from '../../../src-main/shared/domain/cyclegan-config';
import { resolveCganConfig } from '../../../src-main/shared/domain/run-config';

// The leak check of STYLE.md ("tests assert numTensors is unchanged after a step") over many steps, with the data
// feeding of the runners: a fresh batch from the shuffled order each step, epochs turning over, DiffAugment, EMA,
// the history pools filling up. cgan-step.test.ts and cyclegan-step.test.ts check a few steps of each variant.

beforeAll(async () => {
  await resolveBackend({ force: 'wasm' });
});

/** `count` random uint8 images R×R×C (and labels over `classes`), as a training cache gives them. */
function randomImages(count: number, side: number, channels: 1 | 3, seed: number): Uint8Array {
  const out = new Uint8Array(count * side * side * channels);
  let x = seed;
  for (let i = 0; i < out.length; i++) out[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return out;
}

describe('training memory over many steps', () => {
  it('the cGAN step (28 px, DiffAugment, EMA, batch 4) holds numTensors flat from step 10 to step 200', () => {
    const data: TrainImages = {
      images: randomImages(30, 28, 1, 1), labels: Array.from({ length: 30 }, (_, i) => i % 3), count: 30, resolution: 28, channels: 1,
      classNames: ['a', 'b', 'c'],
    };
    const state = createCganState(resolveCganConfig(undefined, { resolution: 28, channels: 1, width: 4, zDim: 8, embDim: 4, batch: 4, diffAugment: 'on', seed: 2 }), 3, 30);
    const counts = new Map<number, number>();
    while (state.step < 200) {
      const { real, labels } = makeBatch(data, nextBatchRows(state, 4));
      const m = trainStep(state, real, labels);
      tf.dispose([real, labels]);
      expect(Number.isFinite(m.lossD) && Number.isFinite(m.lossG)).toBe(true);
      if (state.step === 10 || state.step === 200) counts.set(state.step, tf.memory().numTensors);
    }
    expect(state.epoch).toBeGreaterThan(20); // 200 batches of 4 from 30 images: the order turned over many times
    expect(counts.get(200)).toBe(counts.get(10));
    state.dispose();
  });

  it('the CycleGAN step (32 px, jitter, history pools, batch 1) holds numTensors flat from step 5 to step 50', () => {
    const cfg = resolveCycleganConfig(undefined, { resolution: 32, channels: 3, width: 4, discWidth: 4, resBlocks: 1, batch: 1, steps: 50, poolSize: 4, seed: 3 });
    const domain = (seed: number): DomainImages => ({ images: randomImages(6, 32, 3, seed), count: 6, resolution: 32, channels: 3 });
    const a = domain(1), b = domain(2);
    const state = createCycleganState(cfg, a.count, b.count);
    const batch = (data: DomainImages, order: typeof state.orderA): tf.Tensor4D =>
      tf.tidy(() => jitter(domainBatch(data, nextBatchRows(order, cfg.batch)), cfg.jitterScale, cfg.flip, state.rngAug));
    const counts = new Map<number, number>();
    while (state.step < 50) {
      const realA = batch(a, state.orderA), realB = batch(b, state.orderB);
      const m = cycleganTrainStep(state, realA, realB);
      tf.dispose([realA, realB]);
      expect(Number.isFinite(m.lossG) && Number.isFinite(m.lossD)).toBe(true);
      if (state.step === 5 || state.step === 50) counts.set(state.step, tf.memory().numTensors);
    }
    expect(state.poolA.images).toHaveLength(4); // the pool filled up between the two measurements
    expect(counts.get(50)).toBe(counts.get(5));
    state.dispose();
  });
});
