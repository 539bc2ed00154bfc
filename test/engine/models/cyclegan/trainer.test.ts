import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../../src-main/engine/compute/resolve-backend';
import { cycleganSpec, type CycleganRunConfig } from '../../../../src-main/engine/models/cyclegan/spec';
import { createCycleganTrainer, lrFactor } from '../../../../src-main/engine/models/cyclegan/trainer';
import { randomBatch, roleImages, trainSetup, valuesOf } from '../trainer-fixture';

beforeAll(async () => {
  await resolveBackend();
});

const tiny: Partial<CycleganRunConfig> = { resolution: 32, channels: 3, width: 4, discWidth: 4, resBlocks: 1, batch: 2, steps: 10, poolSize: 3, seed: 4, samplesPerPanel: 2 };
/** Domain A of 12 training images, B of 15, as the old state test had them. */
const setup = (o: Partial<CycleganRunConfig>) =>
  trainSetup(cycleganSpec, { ...tiny, ...o }, { a: roleImages(12, 32, 3, 1, 1), b: roleImages(15, 32, 3, 1, 2) });
const batches = () => ({ a: randomBatch(2, 32, 3, [0, 0], 1), b: randomBatch(2, 32, 3, [0, 0], 2) });
const disposeBatches = (b: ReturnType<typeof batches>) => tf.dispose([b.a.x, b.a.labels, b.b.x, b.b.labels]);

describe('CycleGAN trainer', () => {
  for (const discriminator of ['patch70', 'patch38'] as const) {
    it(`${discriminator}: every loss finite and positive, both optimizers step, no leaked tensors`, async () => {
      const t = createCycleganTrainer(setup({ discriminator }));
      const b = batches();
      await t.step(b);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) {
        const m = await t.step(b);
        for (const k of ['gA2B', 'gB2A', 'dA', 'dB', 'cycleA', 'cycleB', 'idtA', 'idtB', 'lossG', 'lossD', 'dFake'] as const) {
          expect(Number.isFinite(m[k]), k).toBe(true);
          expect(m[k], k).toBeGreaterThan(0);
        }
        // the total is the weighted sum: adversarial + λ·cycle + λ/2·identity
        expect(m.lossG).toBeCloseTo(m.gA2B! + m.gB2A! + 10 * (m.cycleA! + m.cycleB!) + 5 * (m.idtA! + m.idtB!), 3);
        expect(tf.memory().numTensors).toBe(before);
      }
      // 4 steps × 2 fakes, capped at the pool size
      expect(t.meta()).toEqual({ adamStepG: 4, adamStepD: 4, poolCount: { a: 3, b: 3 }, step: 4 });
      disposeBatches(b);
      t.dispose();
    });
  }

  it('the learning rate is constant, then falls linearly to 0 at the last step; at 0 the weights stop moving', async () => {
    expect([1, 5, 6, 8, 10].map((s) => lrFactor(s, 10, 0.5))).toEqual([1, 1, 5 / 6, 3 / 6, 1 / 6]);
    expect(lrFactor(11, 10, 0.5)).toBe(0);
    const t = createCycleganTrainer(setup({ steps: 2, decayStart: 0 }));
    const b = batches();
    expect((await t.step(b)).lr).toBeCloseTo(2e-4 * 2 / 3, 12);
    expect((await t.step(b)).lr).toBeCloseTo(2e-4 / 3, 12);
    // The next update is past the schedule: factor 0.
    const stem = t.tensors().weights['gA2B/stem.filter']!;
    const w0 = await valuesOf(stem);
    const m = await t.step(b);
    expect(m.lr).toBe(0);
    expect(await valuesOf(stem)).toEqual(w0);
    disposeBatches(b);
    t.dispose();
  });

  it('checkpoint parts: weights are both generators, state the discriminators, optimizers and pools (made for the checkpoint)', async () => {
    const t = createCycleganTrainer(setup({}));
    const b = batches();
    await t.step(b);
    const before = tf.memory().numTensors;
    const parts = t.tensors();
    expect(new Set(Object.keys(parts.weights).map((k) => k.split('/')[0]))).toEqual(new Set(['gA2B', 'gB2A']));
    expect(new Set(Object.keys(parts.state).map((k) => k.split('/')[0]))).toEqual(new Set(['dA', 'dB', 'optG.m', 'optG.v', 'optD.m', 'optD.v', 'pool']));
    expect(parts.state['pool/a']!.shape).toEqual([2, 32, 32, 3]);
    expect(parts.temporary).toEqual([parts.state['pool/a'], parts.state['pool/b']]);
    tf.dispose(parts.temporary);
    expect(tf.memory().numTensors).toBe(before);
    const p = await t.preview();
    expect(tf.memory().numTensors).toBe(before);
    // 2 rows (fixed images of each domain) × 6 columns: real A, fake B, rec A, real B, fake A, rec B
    expect([p.rows, p.cols, p.pixels.length, p.labels]).toEqual([2, 6, 2 * 6 * 32 * 32 * 3, null]);
    disposeBatches(b);
    t.dispose();
  });
});
