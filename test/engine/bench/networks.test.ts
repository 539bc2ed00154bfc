import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { CGAN28, discriminate, generate } from '../../../src-main/engine/bench/networks/cgan';
import { buildCganTrainer, cganTrainStep, randomCganBatch } from '../../../src-main/engine/bench/networks/cgan-step';
import { CYCLEGAN64, patchScores, translate, type CycleGanConfig } from '../../../src-main/engine/bench/networks/cyclegan';
import { buildCycleGanTrainer, cycleGanTrainStep } from '../../../src-main/engine/bench/networks/cyclegan-step';

beforeAll(async () => {
  await resolveBackend({ force: 'wasm' });
});

describe('cGAN bench networks', () => {
  it('cgan28 has the README shapes, trains 2 steps with finite losses and leaks no tensors', () => {
    const before = tf.memory().numTensors;
    const t = buildCganTrainer(CGAN28);
    const { real, labels } = randomCganBatch(CGAN28, 4);
    tf.tidy(() => {
      const img = generate(t.g, tf.randomNormal([4, 100]) as tf.Tensor2D, labels);
      expect(img.shape).toEqual([4, 28, 28, 1]);
      expect(discriminate(t.d, img, labels).shape).toEqual([4, 1]);
    });
    const afterBuild = tf.memory().numTensors;
    for (let i = 0; i < 2; i++) {
      const { lossD, lossG } = cganTrainStep(t, real, labels);
      expect(Number.isFinite(lossD) && Number.isFinite(lossG)).toBe(true);
      expect(lossD).toBeGreaterThan(0);
      expect(tf.memory().numTensors).toBe(afterBuild);
    }
    expect(t.optD.step).toBe(2);
    real.dispose();
    labels.dispose();
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('CycleGAN bench networks', () => {
  it('cyclegan64 generator and PatchGAN have the README shapes', () => {
    const t = buildCycleGanTrainer(CYCLEGAN64);
    tf.tidy(() => {
      const x = tf.randomUniform([1, 64, 64, 3], -1, 1) as tf.Tensor4D;
      const y = translate(t.gAB, x);
      expect(y.shape).toEqual([1, 64, 64, 3]);
      expect(patchScores(t.dA, y).shape).toEqual([1, 8, 8, 1]);
    });
    t.dispose();
  });

  it('a small CycleGAN trains 2 steps (G then D) with finite losses and leaks no tensors', () => {
    const small: CycleGanConfig = { size: 16, channels: 3, ngf: 4, resBlocks: 1, ndf: 4 };
    const before = tf.memory().numTensors;
    const t = buildCycleGanTrainer(small);
    const a = tf.randomUniform([1, 16, 16, 3], -1, 1) as tf.Tensor4D, b = tf.randomUniform([1, 16, 16, 3], -1, 1) as tf.Tensor4D;
    const afterBuild = tf.memory().numTensors;
    for (let i = 0; i < 2; i++) {
      const { lossG, lossD } = cycleGanTrainStep(t, a, b);
      expect(Number.isFinite(lossG) && Number.isFinite(lossD)).toBe(true);
      expect(tf.memory().numTensors).toBe(afterBuild);
    }
    expect(t.optG.step).toBe(2);
    tf.dispose([a, b]);
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
