import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../../src-main/engine/compute/resolve-backend';
import { cganArch } from '../../../../src-main/engine/models/cgan/arch';
import { condStrength, coverageLoss, modeSeekingLoss, nearestNoise, pairedLabels } from '../../../../src-main/engine/models/cgan/diversity';
import { film, minibatchStdDev } from '../../../../src-main/engine/models/cgan/diversity-ops';
import { buildDiscriminator, buildGenerator, generate, upsample2x } from '../../../../src-main/engine/models/cgan/networks';
import { BN_REFERENCE, samplerFrom } from '../../../../src-main/engine/models/cgan/sampler';
import { cganSpec, type CganRunConfig } from '../../../../src-main/engine/models/cgan/spec';
import { createCganTrainer } from '../../../../src-main/engine/models/cgan/trainer';
import { cloneParams, disposeParams } from '../../../../src-main/engine/models/params';
import { Rng } from '../../../../src-main/engine/training/rng';
import { randomBatch, roleImages, trainSetup } from '../trainer-fixture';

let training = 'wasm';
beforeAll(async () => {
  training = (await resolveBackend()).report.active ?? 'none';
});

/** Runs `f` on the tfjs cpu backend (the reference), then switches back to the training backend. */
async function onCpu<T>(f: () => T): Promise<T> {
  const back = tf.getBackend();
  await tf.setBackend('cpu');
  try {
    return f();
  } finally {
    await tf.setBackend(back);
  }
}

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const close = (a: number[], b: number[], tol = 1e-4) => a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(tol + tol * Math.abs(v)));

describe('minibatch standard deviation', () => {
  const x = Array.from({ length: 4 * 2 * 2 * 3 }, (_, i) => Math.sin(i * 1.7) * (1 + (i % 5)));

  it('adds one map: per group, the mean over features of the std across the group (by hand)', () => {
    const out = tf.tidy(() => values(minibatchStdDev(tf.tensor4d(x, [4, 2, 2, 3]), 2)));
    // Group size 2 of 4 samples: groups are {0, 2} and {1, 3} (sample i in group i mod 2).
    const std = (a: number, b: number) => {
      let s = 0;
      for (let k = 0; k < 12; k++) s += Math.sqrt(((x[a * 12 + k]! - x[b * 12 + k]!) / 2) ** 2 + 1e-8);
      return s / 12;
    };
    const expected = [std(0, 2), std(1, 3), std(0, 2), std(1, 3)];
    for (let b = 0; b < 4; b++) {
      for (let p = 0; p < 4; p++) {
        const base = (b * 4 + p) * 4;
        close(out.slice(base, base + 3), x.slice(b * 12 + p * 3, b * 12 + p * 3 + 3));
        expect(out[base + 3]).toBeCloseTo(expected[b]!, 5);
      }
    }
  });

  it('forward and gradient match the tfjs cpu backend; a batch that does not divide shrinks the group', async () => {
    const f = (t: tf.Tensor) => tf.sum(tf.mul(minibatchStdDev(t as tf.Tensor4D, 4), tf.range(0, 3 * 2 * 2 * 4).reshape([3, 2, 2, 4])));
    const run = () => tf.tidy(() => {
      const t = tf.tensor4d(x.slice(0, 36), [3, 2, 2, 3]);
      return { y: values(minibatchStdDev(t, 4)), g: values(tf.grad(f)(t)) };
    });
    const here = run(), ref = await onCpu(run);
    expect(here.y).toHaveLength(3 * 2 * 2 * 4); // group 4 of 3 samples → groups of 3
    close(here.y, ref.y);
    close(here.g, ref.g);
    expect(here.g.some((v) => Math.abs(v) > 1e-3)).toBe(true);
  });
});

describe('z FiLM and mode seeking', () => {
  it('FiLM: forward and gradients (to h, z and both weights) match the cpu backend', async () => {
    const run = () => tf.tidy(() => {
      const h = tf.tensor4d(Array.from({ length: 2 * 2 * 2 * 3 }, (_, i) => Math.cos(i)), [2, 2, 2, 3]);
      const z = tf.tensor2d([0.5, -1, 2, 0.3], [2, 2]);
      const p = { 'f.scale': tf.variable(tf.tensor2d([0.1, 0.2, -0.3, 0.4, 0.5, -0.6], [2, 3])), 'f.shift': tf.variable(tf.tensor2d([1, 0, -1, 0.5, 0.5, 2], [2, 3])) };
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(film(p, 'f', h, z))), [p['f.scale'], p['f.shift']]);
      const gh = tf.grad((t: tf.Tensor) => tf.sum(tf.square(film(p, 'f', t as tf.Tensor4D, z))))(h);
      const gz = tf.grad((t: tf.Tensor) => tf.sum(tf.square(film(p, 'f', h, t as tf.Tensor2D))))(z);
      const out = { value: values(value), gs: values(grads[p['f.scale'].name]!), gb: values(grads[p['f.shift'].name]!), gh: values(gh), gz: values(gz) };
      Object.values(p).forEach((v) => v.dispose());
      return out;
    });
    const here = run(), ref = await onCpu(run);
    for (const k of ['value', 'gs', 'gb', 'gh', 'gz'] as const) close(here[k], ref[k]);
  });

  it('mode-seeking term: 1 / (image distance / noise distance) of the pairs (i, B/2 + i), with a gradient that spreads them', () => {
    tf.tidy(() => {
      const z = tf.tensor2d([0, 0, 1, 1, 2, 0, 1, 3], [4, 2]); // pairs (0, 2): |Δz| = 2, 0 → mean 1; (1, 3): 0, 2 → mean 1
      const fake = tf.tensor4d([0, 0, 0.5, 0.5, 0.2, 0.2, 0.5, 0.5].flatMap((v) => [v, v]), [4, 2, 2, 1]);
      // |Δimg| per pair: 0.2 and 0 → mean 0.1; ratio 0.1 / 1 → loss 1 / (0.1 + 1e-5)
      expect(modeSeekingLoss(fake, z).dataSync()[0]).toBeCloseTo(1 / (0.1 + 1e-5), 2);
      const g = tf.grad((f: tf.Tensor) => modeSeekingLoss(f as tf.Tensor4D, z))(fake);
      const gv = values(g);
      // Descending the loss pulls sample 0 away from sample 2 (it is below it), i.e. a positive gradient on 0.
      expect(gv[0]!).toBeGreaterThan(0);
      expect(gv[8]!).toBeLessThan(0);
      expect(values(pairedLabels(tf.tensor1d([3, 1, 4, 1, 5], 'int32')))).toEqual([3, 1, 3, 1, 4]);
    });
  });

  it('coverage: each real image gets the noise of the nearest candidate of its own class; the loss is their mean |difference|', () => {
    tf.tidy(() => {
      // A "generator" whose image is z[0] + class everywhere: candidates differ only by their noise and class.
      const seen: number[][] = [];
      const gen = (z: tf.Tensor2D, l: tf.Tensor1D): tf.Tensor4D => {
        seen.push(values(l));
        return tf.add(tf.reshape(tf.slice(z, [0, 0], [-1, 1]), [-1, 1, 1, 1]), tf.reshape(tf.cast(l, 'float32'), [-1, 1, 1, 1]))
          .tile([1, 2, 2, 1]) as tf.Tensor4D;
      };
      const real = tf.tensor4d([1.3, 5.0].flatMap((v) => [v, v, v, v]), [2, 2, 2, 1]); // image 0 of class 1, image 1 of class 4
      const labels = tf.tensor1d([1, 4], 'int32');
      // Three draws per image, rows 0–2 for image 0 and 3–5 for image 1; column 1 tells the rows apart.
      const z = tf.tensor2d([0.9, 10, 0.2, 11, -1, 12, 3, 20, 0.8, 21, 1.1, 22], [6, 2]);
      const chosen = nearestNoise(gen, real, labels, z, 3);
      expect(seen).toEqual([[1, 1, 1, 4, 4, 4]]); // each image's candidates are of its class
      // Image 0 (1.3): candidates 1.9, 1.2, 0 → row 1; image 1 (5.0): candidates 7, 4.8, 5.1 → row 5.
      expect(values(chosen)).toEqual([0.2, 11, 1.1, 22].map((v) => Math.fround(v)));
      const fake = tf.tensor4d([1.0, 5.5].flatMap((v) => [v, v, v, v]), [2, 2, 2, 1]);
      expect(coverageLoss(fake, real).dataSync()[0]).toBeCloseTo((0.3 + 0.5) / 2, 5);
    });
  });

  it('transitional conditioning: 0 before the ramp, linear in it, 1 after; no ramp configured = 1', () => {
    const ramp = { condRampStart: 100, condRampEnd: 300 };
    expect([0, 100, 200, 300, 1000].map((s) => condStrength(ramp, s))).toEqual([0, 0, 0.5, 1, 1]);
    expect(condStrength({ condRampStart: 0, condRampEnd: 0 }, 0)).toBe(1);
    expect(condStrength({ condRampStart: 0, condRampEnd: 0 }, 5)).toBe(1);
    // Configs written before issue 12 have neither field.
    expect(condStrength({} as Pick<CganRunConfig, 'condRampStart' | 'condRampEnd'>, 0)).toBe(1);
  });
});

describe('cGAN with the remedies', () => {
  const tiny: Partial<CganRunConfig> = { resolution: 28, channels: 1, width: 4, zDim: 8, embDim: 4, batch: 4, seed: 5, diffAugment: 'on' };

  it('absent options build the networks of older runs: same weight names and shapes', () => {
    const shapes = (p: Record<string, tf.Variable>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.shape]));
    const old = cganArch({ resolution: 28, channels: 1, classes: 3, width: 4, zDim: 8, embDim: 5, dHead: 'projection' });
    const off = cganArch({ resolution: 28, channels: 1, classes: 3, width: 4, zDim: 8, embDim: 5, dHead: 'projection', minibatchStd: 0, zFilm: false });
    const [g0, d0, g1, d1] = [buildGenerator(old, 1), buildDiscriminator(old, 1), buildGenerator(off, 1), buildDiscriminator(off, 1)];
    expect(shapes(g1)).toEqual(shapes(g0));
    expect(shapes(d1)).toEqual(shapes(d0));
    expect(Object.keys(g0).some((k) => k.startsWith('film') || k.startsWith('cfilm') || k.startsWith('deep'))).toBe(false);
    expect(Object.keys(d0).some((k) => k.startsWith('deep'))).toBe(false);
    expect(d0['conv1.filter']!.shape).toEqual([4, 4, 4, 8]);
    expect(Object.keys(d0).some((k) => k.startsWith('aux'))).toBe(false);
    const aux = buildDiscriminator(cganArch({ resolution: 28, channels: 1, classes: 3, width: 4, zDim: 8, embDim: 5, dHead: 'projection', auxClassifier: 1 }), 1);
    expect(aux['aux.kernel']!.shape).toEqual([7 * 7 * 8, 3]);
    disposeParams(aux);
    // And the defaults of a new run are those same networks.
    const dflt = cganArch({ ...cganSpec.defaults, resolution: 28, channels: 1, classes: 3, width: 4, zDim: 8, embDim: 5, dHead: 'projection' });
    const [g2, d2] = [buildGenerator(dflt, 1), buildDiscriminator(dflt, 1)];
    expect(shapes(g2)).toEqual(shapes(g0));
    expect(shapes(d2)).toEqual(shapes(d0));
    [g0, d0, g1, d1, g2, d2].forEach(disposeParams);
  });

  for (const [name, extra] of [
    ['mode seeking', { modeSeeking: 1 }],
    ['minibatch std', { minibatchStd: 4 }],
    ['z FiLM', { zFilm: true }],
    ['class FiLM', { classFilm: true }],
    ['extra layers', { depth: 2 }],
    ['mirror', { mirror: true }],
    ['resize-conv upsampling', { upsample: 'resize' }],
    ['class FiLM with transitional conditioning', { classFilm: true, zFilm: true, condRampStart: 1, condRampEnd: 3 }],
    ['transitional conditioning', { condRampStart: 1, condRampEnd: 3 }],
    ['the AC-GAN class head', { auxClassifier: 1 }],
    ['coverage', { coverage: 1, coverageDraws: 3 }],
    ['coverage with mode seeking', { coverage: 2, coverageDraws: 2, modeSeeking: 1 }],
    ['the AC-GAN class head with minibatch std', { auxClassifier: 0.5, minibatchStd: 2 }],
    ['all together', { modeSeeking: 1, minibatchStd: 2, zFilm: true, condRampStart: 0, condRampEnd: 2, auxClassifier: 1 }],
  ] as const) {
    it(`${name}: finite losses, gradients reach G and D, no tensor left behind over steps`, async () => {
      const t = createCganTrainer(trainSetup(cganSpec, { ...tiny, ...extra }, { train: roleImages(20, 28, 1, 3, 1) }, { classNames: ['a', 'b', 'c'] }));
      const b = { train: randomBatch(4, 28, 1, [0, 1, 2, 0], 11) };
      await t.step(b);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) {
        const m = await t.step(b);
        for (const v of Object.values(m)) expect(Number.isFinite(v)).toBe(true);
        expect(m.gradNormG).toBeGreaterThan(0);
        expect(m.gradNormD).toBeGreaterThan(0);
        expect(tf.memory().numTensors).toBe(before);
      }
      tf.dispose([b.train.x, b.train.labels]);
      t.dispose();
    });
  }

  it('coverage adds λ × the pull of the nearest samples onto their real images to G\'s loss', async () => {
    const lossG = async (coverage: number): Promise<number> => {
      const t = createCganTrainer(trainSetup(cganSpec, { ...tiny, coverage, coverageDraws: 2 }, { train: roleImages(20, 28, 1, 3, 1) }, { classNames: ['a', 'b', 'c'] }));
      const b = { train: randomBatch(4, 28, 1, [0, 1, 2, 0], 11) };
      const m = await t.step(b);
      tf.dispose([b.train.x, b.train.labels]);
      t.dispose();
      return m.lossG ?? Number.NaN; // NaN fails the comparison below
    };
    // A freshly initialised G is far from the random real images (mean |difference| well above 0.2 in [-1, 1]), so
    // λ 10 adds several units; the adversarial part is the same D and noise in both, up to G's batch statistics.
    expect((await lossG(10)) - (await lossG(0))).toBeGreaterThan(2);
  });

  it('generation (frozen BatchNorm) applies the z-FiLM too: its weights change the samples', async () => {
    const arch = cganArch({ resolution: 28, channels: 1, classes: 2, width: 4, zDim: 8, embDim: 5, dHead: 'projection', zFilm: true });
    const g = buildGenerator(arch, 1);
    const z = new Rng(3, 0).normals(2 * 8), labels = Int32Array.from([0, 1]);
    const tensors = tf.memory().numTensors;
    const sample = async () => {
      const s = samplerFrom(arch, cloneParams(g)); // the sampler owns (and disposes) its copy
      const out = Array.from(await s.generate(z, labels));
      s.dispose();
      return out;
    };
    const before = await sample();
    expect(await sample()).toEqual(before); // deterministic: a change below is the FiLM's doing
    tf.tidy(() => g['film1.shift']!.assign(tf.mul(g['film1.shift']!, 50)));
    const after = await sample();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(Math.max(...after.map((v, i) => Math.abs(v - before[i]!)))).toBeGreaterThan(1e-3);
    disposeParams(g);
  });

  it('generation applies the class FiLM: its weights change a class\'s samples, and classes differ through it', async () => {
    const arch = cganArch({ resolution: 28, channels: 1, classes: 2, width: 4, zDim: 8, embDim: 5, dHead: 'projection', classFilm: true });
    const g = buildGenerator(arch, 1);
    expect(g['cfilm0.scale']!.shape).toEqual([5, 8]);
    expect(g['cfilm1.shift']!.shape).toEqual([5, 4]);
    const z = new Rng(3, 0).normals(2 * 8), labels = Int32Array.from([0, 1]);
    const sample = async () => {
      const s = samplerFrom(arch, cloneParams(g));
      const out = Array.from(await s.generate(z, labels));
      s.dispose();
      return out;
    };
    const before = await sample();
    tf.tidy(() => g['cfilm1.scale']!.assign(tf.mul(g['cfilm1.scale']!, 50)));
    const after = await sample();
    expect(Math.max(...after.map((v, i) => Math.abs(v - before[i]!)))).toBeGreaterThan(1e-3);
    disposeParams(g);
  });

  it('extra layers: the sampler freezes each BatchNorm in order, so the reference batch samples as with its own statistics', async () => {
    // 32 px: two upsamplings, then two extra layers; a mix-up of the frozen statistics' order would change the output.
    const arch = cganArch({ resolution: 32, channels: 1, classes: 3, width: 4, zDim: 8, embDim: 5, dHead: 'projection', depth: 2 });
    const g = buildGenerator(arch, 2);
    expect(g['deep1.filter']!.shape).toEqual([3, 3, 4, 4]);
    const d = buildDiscriminator(arch, 2);
    expect(d['deep1.filter']!.shape).toEqual([3, 3, 16, 16]);
    const z = new Rng(0x5eed, 7).normals(BN_REFERENCE * 8); // the sampler's own reference latents
    const labels = Int32Array.from({ length: BN_REFERENCE }, (_, i) => i % 3);
    const withBatchStats = await tf.tidy(() => generate(arch, g, tf.tensor2d(z, [BN_REFERENCE, 8]), tf.tensor1d(labels, 'int32'))).data();
    const s = samplerFrom(arch, cloneParams(g));
    close(Array.from(await s.generate(z, labels)), Array.from(withBatchStats), 1e-3);
    s.dispose();
    [g, d].forEach(disposeParams);
  });

  it('resize-conv: nearest 2× upsampling repeats each pixel in a 2×2 block; its gradient sums the block', async () => {
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2]); // two channels
    const y = upsample2x(x);
    expect(y.shape).toEqual([1, 4, 4, 2]);
    const c0 = Array.from(await y.data()).filter((_, i) => i % 2 === 0);
    expect(c0).toEqual([1, 1, 3, 3, 1, 1, 3, 3, 5, 5, 7, 7, 5, 5, 7, 7]);
    const w = tf.range(0, 32).reshape([1, 4, 4, 2]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(upsample2x(t as tf.Tensor4D), w)))(x);
    // channel 0 of pixel (0, 0) collects w at (0,0), (0,1), (1,0), (1,1): 0 + 2 + 8 + 10
    expect((await g.data())[0]).toBe(20);
    const arch = cganArch({ resolution: 32, channels: 3, classes: 2, width: 4, zDim: 8, embDim: 5, dHead: 'projection', upsample: 'resize' });
    const gen = buildGenerator(arch, 1);
    expect(gen['up0.filter']!.shape).toEqual([3, 3, 16, 8]);
    expect(gen['out.filter']!.shape).toEqual([3, 3, 4, 3]);
    const img = tf.tidy(() => generate(arch, gen, tf.randomNormal([2, 8]), tf.tensor1d([0, 1], 'int32')));
    expect(img.shape).toEqual([2, 32, 32, 3]);
    tf.dispose([x, y, w, g, img]);
    disposeParams(gen);
  });

  it('runs on the training backend, not the reference', () => {
    expect(training).not.toBe('cpu');
  });
});
