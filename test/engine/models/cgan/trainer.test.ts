import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../../src-main/engine/compute/resolve-backend';
import { cganSpec, type CganRunConfig } from '../../../../src-main/engine/models/cgan/spec';
import { createCganTrainer } from '../../../../src-main/engine/models/cgan/trainer';
import { randomBatch, roleImages, trainSetup, valuesOf } from '../trainer-fixture';

beforeAll(async () => {
  await resolveBackend();
});

const tiny: Partial<CganRunConfig> = { resolution: 28, channels: 1, width: 4, zDim: 8, embDim: 4, batch: 4, seed: 5, samplesPerClass: 2 };
const CLASSES = ['a', 'b', 'c'];
/** 20 training images of 3 classes (fewer than augmentBelow: DiffAugment 'auto' is on). */
const setup = (o: Partial<CganRunConfig>, lean = false) =>
  trainSetup(cganSpec, { ...tiny, ...o }, { train: roleImages(20, 28, 1, 3, 1) }, { classNames: CLASSES, lean });
const batch = () => ({ train: randomBatch(4, 28, 1, [0, 1, 2, 0], 11) });
const disposeBatch = (b: ReturnType<typeof batch>) => tf.dispose([b.train.x, b.train.labels]);

describe('cGAN trainer', () => {
  for (const loss of ['bce', 'hinge', 'lsgan'] as const) {
    for (const dHead of ['projection', 'label-channel'] as const) {
      it(`${loss} / ${dHead}: finite losses and scores, no leaked tensors over steps`, async () => {
        const t = createCganTrainer(setup({ loss, dHead, diffAugment: 'on', labelSmoothing: loss === 'bce' ? 0.1 : 0 }));
        const b = batch();
        await t.step(b); // first step creates nothing that stays, but warm up anyway
        const before = tf.memory().numTensors;
        for (let i = 0; i < 3; i++) {
          const m = await t.step(b);
          expect(Object.keys(m).sort()).toEqual(['dFake', 'dReal', 'gradNormD', 'gradNormG', 'lossD', 'lossG']);
          for (const v of Object.values(m)) expect(Number.isFinite(v)).toBe(true);
          expect(m.gradNormD).toBeGreaterThan(0);
          expect(m.gradNormG).toBeGreaterThan(0);
          expect(tf.memory().numTensors).toBe(before);
        }
        expect(t.meta()).toEqual({ adamStepG: 4, adamStepD: 4, augment: true, step: 4 });
        disposeBatch(b);
        t.dispose();
      });
    }
  }

  it('DiffAugment auto: on below augmentBelow training images, off at or above it', () => {
    for (const [below, on] of [[21, true], [20, false]] as const) {
      const t = createCganTrainer(setup({ diffAugment: 'auto', augmentBelow: below }));
      expect(t.meta().augment).toBe(on);
      t.dispose();
    }
  });

  it('the EMA follows G, slower than G itself', async () => {
    const t = createCganTrainer(setup({ emaDecay: 0.9 }));
    const w = t.tensors().weights;
    const g0 = await valuesOf(w['g/fc.kernel']!);
    const b = batch();
    for (let i = 0; i < 5; i++) await t.step(b);
    const g5 = await valuesOf(w['g/fc.kernel']!), e5 = await valuesOf(w['ema/fc.kernel']!);
    const dist = (a: number[], c: number[]) => Math.hypot(...a.map((x, i) => x - c[i]!));
    expect(dist(e5, g0)).toBeGreaterThan(0);
    expect(dist(e5, g0)).toBeLessThan(dist(g5, g0));
    disposeBatch(b);
    t.dispose();
  });

  it('lean (the bench): no EMA update and no gradient norms, the same losses otherwise', async () => {
    const full = createCganTrainer(setup({ diffAugment: 'off' })), lean = createCganTrainer(setup({ diffAugment: 'off' }, true));
    const ema0 = await valuesOf(lean.tensors().weights['ema/fc.kernel']!);
    const b = batch();
    const [mFull, mLean] = [await full.step(b), await lean.step(b)];
    expect([mLean.gradNormD, mLean.gradNormG]).toEqual([0, 0]);
    expect([mLean.lossD, mLean.lossG]).toEqual([mFull.lossD, mFull.lossG]);
    expect(await valuesOf(lean.tensors().weights['ema/fc.kernel']!)).toEqual(ema0);
    expect(await valuesOf(full.tensors().weights['ema/fc.kernel']!)).not.toEqual(ema0);
    disposeBatch(b);
    [full, lean].forEach((t) => t.dispose());
  });

  it('checkpoint parts: weights are G and its EMA, state is D and both optimizers; the preview is the class grid', async () => {
    const t = createCganTrainer(setup({}));
    const parts = t.tensors();
    expect(Object.keys(parts.weights).every((k) => /^(g|ema)\//.test(k))).toBe(true);
    expect(Object.keys(parts.weights).filter((k) => k.startsWith('g/')).length).toBe(Object.keys(parts.weights).length / 2);
    expect(new Set(Object.keys(parts.state).map((k) => k.split('/')[0]))).toEqual(new Set(['d', 'optG.m', 'optG.v', 'optD.m', 'optD.v']));
    expect(parts.temporary).toEqual([]);
    const before = tf.memory().numTensors;
    const p = await t.preview();
    expect(tf.memory().numTensors).toBe(before);
    expect([p.rows, p.cols, p.pixels.length]).toEqual([3, 2, 3 * 2 * 28 * 28]);
    expect(Array.from(p.labels!)).toEqual([0, 0, 1, 1, 2, 2]);
    // The grid's noise is fixed: a second preview of the same weights is the same image.
    expect(Array.from((await t.preview()).pixels)).toEqual(Array.from(p.pixels));
    t.dispose();
  });
});
