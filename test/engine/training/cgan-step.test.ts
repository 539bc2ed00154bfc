import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { createCganState, nextBatchRows } from '../../../src-main/engine/training/cgan-state';
import { trainStep } from '../../../src-main/engine/training/cgan-step';
import { diffAugment } from '../../../src-main/engine/training/diff-augment';
import { Rng } from '../../../src-main/engine/training/rng';
import { resolveCganConfig } from '../../../src-main/shared/domain/run-config';

beforeAll(async () => {
  await resolveBackend();
});

const tiny = { resolution: 28 as const, channels: 1 as const, width: 4, zDim: 8, embDim: 4, batch: 4, seed: 5 };

function batch(B: number) {
  return { real: tf.randomUniform([B, 28, 28, 1], -1, 1, 'float32', 11) as tf.Tensor4D, labels: tf.tensor1d([0, 1, 2, 0].slice(0, B), 'int32') };
}

describe('cGAN training step', () => {
  for (const loss of ['bce', 'hinge', 'lsgan'] as const) {
    for (const dHead of ['projection', 'label-channel'] as const) {
      it(`${loss} / ${dHead}: finite losses and scores, no leaked tensors over steps`, () => {
        const state = createCganState(resolveCganConfig(undefined, { ...tiny, loss, dHead, diffAugment: 'on', labelSmoothing: loss === 'bce' ? 0.1 : 0 }), 3, 20);
        const { real, labels } = batch(4);
        trainStep(state, real, labels); // first step creates nothing that stays, but warm up anyway
        const before = tf.memory().numTensors;
        for (let i = 0; i < 3; i++) {
          const m = trainStep(state, real, labels);
          for (const v of Object.values(m)) expect(Number.isFinite(v)).toBe(true);
          expect(m.gradNormD).toBeGreaterThan(0);
          expect(m.gradNormG).toBeGreaterThan(0);
          expect(tf.memory().numTensors).toBe(before);
        }
        expect(state.step).toBe(4);
        expect(state.optD.step).toBe(4);
        tf.dispose([real, labels]);
        state.dispose();
      });
    }
  }

  it('the EMA follows G, slower than G itself', () => {
    const state = createCganState(resolveCganConfig(undefined, { ...tiny, emaDecay: 0.9 }), 3, 20);
    const { real, labels } = batch(4);
    const g0 = Array.from(state.g['fc.kernel']!.dataSync());
    for (let i = 0; i < 5; i++) trainStep(state, real, labels);
    const g5 = state.g['fc.kernel']!.dataSync(), e5 = state.ema['fc.kernel']!.dataSync();
    const dist = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.hypot(...Array.from(a, (x, i) => x - b[i]!));
    expect(dist(e5, g0)).toBeGreaterThan(0);
    expect(dist(e5, g0)).toBeLessThan(dist(g5, g0));
    tf.dispose([real, labels]);
    state.dispose();
  });

  it('data order: full batches, each image once per epoch, then a fresh permutation', () => {
    const state = createCganState(resolveCganConfig(undefined, tiny), 3, 10);
    const first = [...nextBatchRows(state, 4), ...nextBatchRows(state, 4)];
    expect(new Set(first).size).toBe(8);
    const third = nextBatchRows(state, 4); // 2 left < 4: new epoch
    expect(state.epoch).toBe(1);
    expect(third.length).toBe(4);
    state.dispose();
  });
});

describe('DiffAugment', () => {
  it('keeps shapes, changes images, passes gradients to its input, and replays from the same RNG state', () => {
    const x = tf.randomUniform([3, 16, 16, 3], -1, 1, 'float32', 3) as tf.Tensor4D;
    const rng = new Rng(1, 9);
    const saved = rng.getState();
    const a = diffAugment(x, ['color', 'translation', 'cutout'], rng);
    expect(a.shape).toEqual([3, 16, 16, 3]);
    expect(tf.max(tf.abs(tf.sub(a, x))).dataSync()[0]).toBeGreaterThan(0.01);
    rng.setState(saved);
    const b = diffAugment(x, ['color', 'translation', 'cutout'], rng);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    const g = tf.grad((t: tf.Tensor) => tf.sum(diffAugment(t as tf.Tensor4D, ['translation', 'cutout', 'color'], new Rng(2, 2))))(x);
    expect(g.shape).toEqual(x.shape);
    expect(tf.sum(tf.abs(g)).dataSync()[0]).toBeGreaterThan(0);
    tf.dispose([x, a, b, g]);
  });
});

describe('Rng', () => {
  it('is seeded, and its saved state replays the same stream', () => {
    const a = new Rng(7, 1), b = new Rng(7, 1), c = new Rng(8, 1);
    expect(Array.from(a.normals(5))).toEqual(Array.from(b.normals(5)));
    expect(a.uniform()).not.toBe(c.uniform());
    a.normal(); // leaves a spare normal in the state
    const s = a.getState();
    const next = [a.normal(), a.normal(), a.uniform()];
    const d = new Rng(0, 0);
    d.setState(s);
    expect([d.normal(), d.normal(), d.uniform()]).toEqual(next);
    const p = a.permutation(50);
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
