import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { jitter } from '../../../src-main/engine/training/cyclegan-data';
import { ImagePool } from '../../../src-main/engine/training/cyclegan-pool';
import { createCycleganState } from '../../../src-main/engine/training/cyclegan-state';
import { cycleganTrainStep } from '../../../src-main/engine/training/cyclegan-step';
import { Rng } from '../../../src-main/engine/training/rng';
import { lrFactor, resolveCycleganConfig } from '../../../src-main/shared/domain/cyclegan-config';

beforeAll(async () => {
  await resolveBackend();
});

const tiny = { resolution: 32 as const, channels: 3 as const, width: 4, discWidth: 4, resBlocks: 1, batch: 2, steps: 10, poolSize: 3, seed: 4 };
const images = (seed: number) => tf.randomUniform([2, 32, 32, 3], -1, 1, 'float32', seed) as tf.Tensor4D;

describe('CycleGAN training step', () => {
  for (const discriminator of ['patch70', 'patch38'] as const) {
    it(`${discriminator}: every loss finite and positive, both optimizers step, no leaked tensors`, () => {
      const state = createCycleganState(resolveCycleganConfig(undefined, { ...tiny, discriminator }), 12, 15);
      const a = images(1), b = images(2);
      cycleganTrainStep(state, a, b);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) {
        const m = cycleganTrainStep(state, a, b);
        for (const k of ['gA2B', 'gB2A', 'dA', 'dB', 'cycleA', 'cycleB', 'idtA', 'idtB', 'lossG', 'lossD'] as const) {
          expect(Number.isFinite(m[k]), k).toBe(true);
          expect(m[k], k).toBeGreaterThan(0);
        }
        // the total is the weighted sum: adversarial + λ·cycle + λ/2·identity
        expect(m.lossG).toBeCloseTo(m.gA2B + m.gB2A + 10 * (m.cycleA + m.cycleB) + 5 * (m.idtA + m.idtB), 3);
        expect(tf.memory().numTensors).toBe(before);
      }
      expect([state.step, state.optG.step, state.optD.step]).toEqual([4, 4, 4]);
      expect(state.poolA.images).toHaveLength(3); // 4 steps × 2 fakes, capped at the pool size
      tf.dispose([a, b]);
      state.dispose();
    });
  }

  it('the learning rate is constant, then falls linearly to 0 at the last step; at 0 the weights stop moving', () => {
    expect([1, 5, 6, 8, 10].map((s) => lrFactor(s, 10, 0.5))).toEqual([1, 1, 5 / 6, 3 / 6, 1 / 6]);
    expect(lrFactor(11, 10, 0.5)).toBe(0);
    const state = createCycleganState(resolveCycleganConfig(undefined, { ...tiny, steps: 2, decayStart: 0 }), 12, 12);
    state.step = 2; // the next update is past the schedule: factor 0
    const a = images(1), b = images(2);
    const w0 = state.nets.gA2B['stem.filter']!.dataSync().slice();
    const m = cycleganTrainStep(state, a, b);
    expect(m.lr).toBe(0);
    expect(Array.from(state.nets.gA2B['stem.filter']!.dataSync())).toEqual(Array.from(w0));
    tf.dispose([a, b]);
    state.dispose();
  });
});

describe('CycleGAN data and pool', () => {
  it('jitter crops R×R from the upscaled image and flips, deterministically from the stream', () => {
    const x = tf.tidy(() => tf.range(0, 2 * 8 * 8).reshape([2, 8, 8, 1]).div(128).sub(1)) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const y1 = tf.tidy(() => jitter(x, 1.25, true, new Rng(1, 3)));
    const y2 = tf.tidy(() => jitter(x, 1.25, true, new Rng(1, 3)));
    expect(y1.shape).toEqual([2, 8, 8, 1]);
    expect(Array.from(y1.dataSync())).toEqual(Array.from(y2.dataSync()));
    tf.dispose([y1, y2]);
    expect(tf.memory().numTensors).toBe(before);
    const flipped = tf.tidy(() => jitter(x, 1, true, { int: () => 0, uniform: () => 0 } as unknown as Rng));
    expect(Array.from(flipped.slice([0, 0, 0, 0], [1, 1, 8, 1]).dataSync())).toEqual(Array.from(x.slice([0, 0, 0, 0], [1, 1, 8, 1]).reverse(2).dataSync()));
    tf.dispose([x, flipped]);
  });

  it('the history pool fills, then answers with stored images half the time, and survives flat()/restore()', () => {
    const pool = new ImagePool(2, 1), rng = new Rng(3, 6);
    expect(Array.from(pool.query(Float32Array.from([1, 2]), rng))).toEqual([1, 2]);
    const seen = new Set<number>();
    for (let i = 3; i < 40; i++) seen.add(pool.query(Float32Array.from([i]), rng)[0]!);
    expect([...seen].some((v) => v < 3)).toBe(true); // an old image came back
    const copy = new ImagePool(2, 1);
    copy.restore(pool.flat());
    expect(copy.images).toEqual(pool.images);
    expect(Array.from(new ImagePool(0, 1).query(Float32Array.from([7]), rng))).toEqual([7]);
  });
});
