import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { FASHION_MNIST_CLASSES, FASHION_MNIST_DIR } from '../../../src-main/engine/datasets';
import { cganSpec, type CganRunConfig } from '../../../src-main/engine/models/cgan/spec';
import { createCganTrainer } from '../../../src-main/engine/models/cgan/trainer';
import type { Preview, RoleImages } from '../../../src-main/engine/models/model';
import { createCollapseCheck } from '../../../src-main/engine/training/collapse-check';
import { classDiversity, HealthMonitor } from '../../../src-main/engine/training/health';
import { shapeFeatures, shapeFeaturesOf, SHAPE_FEATURE_DIM } from '../../../src-main/engine/training/shape-features';
import { trainSetup } from '../models/trainer-fixture';

const FIXTURES = join(import.meta.dirname, '../../fixtures/collapse');

beforeAll(async () => {
  await resolveBackend();
});

/** Real Fashion-MNIST training images, `perClass` of each class after skipping `skip` of it (label order). */
function fashion(perClass: number, skip = 0): RoleImages {
  const px = gunzipSync(readFileSync(join(FASHION_MNIST_DIR, 'train-images-idx3-ubyte.gz')));
  const y = gunzipSync(readFileSync(join(FASHION_MNIST_DIR, 'train-labels-idx1-ubyte.gz')));
  const seen = new Array<number>(10).fill(0), rows: number[] = [];
  for (let i = 0; rows.length < 10 * perClass; i++) {
    const c = y[8 + i]!;
    if (seen[c]! >= skip && seen[c]! < skip + perClass) rows.push(i);
    seen[c]!++;
  }
  const images = new Uint8Array(rows.length * 784);
  rows.forEach((r, k) => images.set(px.subarray(16 + r * 784, 16 + (r + 1) * 784), k * 784));
  return { images, labels: rows.map((r) => y[8 + r]!), count: rows.length, resolution: 28, channels: 1, classNames: FASHION_MNIST_CLASSES };
}

/** Per class, the within-class spread of shape features (what the check compares), of uint8 or [-1, 1] images. */
async function spreadOf(values: Uint8Array | Float32Array, labels: ArrayLike<number>, uint8: boolean): Promise<number[]> {
  const f = await shapeFeaturesOf(values, labels.length, 28, 1, uint8 ? 1 / 127.5 : 1, uint8 ? -1 : 0);
  return classDiversity(f, SHAPE_FEATURE_DIM, labels, 10);
}

/** A probe PNG fixture (row = class in label order, 2 px gaps) → a Preview of pixels in [-1, 1] with labels. */
async function probeFixture(file: string): Promise<Preview> {
  const { data, info } = await sharp(join(FIXTURES, file)).greyscale().raw().toBuffer({ resolveWithObject: true });
  const cols = (info.width - 2) / 30, pixels = new Float32Array(10 * cols * 784), labels: number[] = [];
  for (let c = 0; c < 10; c++) {
    for (let k = 0; k < cols; k++) {
      const i = labels.length;
      labels.push(c);
      for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) pixels[i * 784 + y * 28 + x] = data[(2 + c * 30 + y) * info.width + 2 + k * 30 + x]! / 127.5 - 1;
    }
  }
  return { pixels, rows: 10, cols, labels: Int32Array.from(labels) };
}

describe('shape features', () => {
  it('do not count brightness or contrast as diversity, but do count a different garment', async () => {
    const real = fashion(2);
    const f = await shapeFeaturesOf(real.images, 20, 28, 1, 1 / 127.5, -1);
    // The first image dimmed to 60% contrast and lifted.
    const dim = Float32Array.from(real.images.subarray(0, 784), (v) => (v / 127.5 - 1) * 0.6 + 0.2);
    const g = await shapeFeaturesOf(dim, 1, 28, 1);
    const dist = (a: Float32Array, ia: number, b: Float32Array, ib: number) =>
      Math.hypot(...Array.from({ length: SHAPE_FEATURE_DIM }, (_, k) => a[ia * SHAPE_FEATURE_DIM + k]! - b[ib * SHAPE_FEATURE_DIM + k]!));
    const sameClassOther = Array.from(real.labels).findIndex((c, i) => i > 0 && c === real.labels[0]);
    const inFeatures = dist(f, 0, g, 0) / dist(f, 0, f, sameClassOther);
    // The same two comparisons in pixels, where the dimmed copy looks like another garment.
    const px = (i: number) => Float32Array.from(real.images.subarray(i * 784, (i + 1) * 784), (v) => v / 127.5 - 1);
    const pxDist = (a: Float32Array, b: Float32Array) => Math.hypot(...Array.from(a, (v, k) => v - b[k]!));
    const inPixels = pxDist(px(0), dim) / pxDist(px(0), px(sameClassOther));
    expect(inFeatures).toBeLessThan(0.2);
    expect(inFeatures).toBeLessThan(inPixels / 3);
  });

  it('leave no tensors behind after the first call', () => {
    tf.tidy(() => shapeFeatures(tf.zeros([1, 28, 28, 3]))); // makes the 3-channel net, kept for the process
    const x = tf.randomUniform([3, 64, 64, 3], -1, 1) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const f = shapeFeatures(x);
    expect(f.shape).toEqual([3, SHAPE_FEATURE_DIM]);
    f.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe('collapse warning', () => {
  it('fires below the ratio, names the lowest classes first, and again only after a class recovered', () => {
    const h = new HealthMonitor(1, { score: '', advice: '' }); // the D-winning wording is not used here
    const real = [1, 1, 1];
    expect(h.checkDiversity(500, ['a', 'b', 'c'], [0.95, 0.9, 0.85], real)).toEqual([]);
    const w = h.checkDiversity(600, ['a', 'b', 'c'], [0.3, 0.9, 0.1], real);
    expect(w).toHaveLength(1);
    expect(w[0]!.code).toBe('mode_collapse');
    expect(w[0]!.message).toMatch(/'c' 0\.10×, 'a' 0\.30×/);
    expect(w[0]!.message).not.toContain("'b'");
    expect(h.checkDiversity(700, ['a', 'b', 'c'], [0.3, 0.9, 0.1], real)).toEqual([]); // still low: said already
    expect(h.checkDiversity(800, ['a', 'b', 'c'], [0.9, 0.9, 0.1], real)).toEqual([]); // 'a' recovered
    expect(h.checkDiversity(900, ['a', 'b', 'c'], [0.2, 0.9, 0.1], real)[0]!.message).toContain("'a'");
  });

  it('stays quiet on real images: other real images of each class spread as the reference does', async () => {
    const ref = fashion(64), other = fashion(24, 64);
    const realSpread = await spreadOf(ref.images, ref.labels, true);
    const spread = await spreadOf(other.images, other.labels, true);
    spread.forEach((s, c) => expect(s / realSpread[c]!).toBeGreaterThan(0.7)); // 24 images: sampling noise ±20%
    // The same images through the training loop's check, as the samples of a perfect generator.
    const check = await createCollapseCheck(ref, FASHION_MNIST_CLASSES);
    const pixels = Float32Array.from(other.images, (v) => v / 127.5 - 1);
    expect(await check(1000, { pixels, rows: 10, cols: 24, labels: Int32Array.from(other.labels) })).toEqual([]);
  });

  it("fires on a run with today's balanced settings (its EMA generator at step 600)", async () => {
    const fixture = JSON.parse(readFileSync(join(FIXTURES, 'balanced-before-issue-12.json'), 'utf8')) as { config: Partial<CganRunConfig> };
    expect(fixture.config.modeSeeking).toBeUndefined(); // trained before the remedies existed
    const check = await createCollapseCheck(fashion(64), FASHION_MNIST_CLASSES);
    const w = await check(600, await probeFixture('balanced-before-issue-12-step600.png'));
    expect(w.map((x) => x.code)).toEqual(['mode_collapse']);
  });

  it('stays quiet on a run whose generator uses z (mode seeking λ = 0.1, step 300)', async () => {
    const check = await createCollapseCheck(fashion(64), FASHION_MNIST_CLASSES);
    expect(await check(300, await probeFixture('mode-seeking-0.1-step300.png'))).toEqual([]);
  });

  it('fires on a generator that ignores z, through the training code path (probe of the EMA generator)', async () => {
    const data = fashion(64);
    const t = createCganTrainer(trainSetup(cganSpec, { resolution: 28, channels: 1, width: 8, zDim: 16, embDim: 8, batch: 8, seed: 3 },
      { train: data }, { classNames: FASHION_MNIST_CLASSES }));
    // Zero the rows of G's first layer that read z (G and its EMA): every sample of a class is then the same image.
    const w = t.tensors().weights;
    tf.tidy(() => {
      for (const name of ['g/fc.kernel', 'ema/fc.kernel']) {
        const k = w[name] as tf.Variable; // the trainer's live G and EMA variables
        k.assign(tf.concat([tf.zeros([16, k.shape[1]!]), k.slice([16, 0], [8, -1])]));
      }
    });
    const check = await createCollapseCheck(data, FASHION_MNIST_CLASSES);
    const before = tf.memory().numTensors;
    const probe = await t.probe!();
    const warnings = await check(1000, probe);
    expect(tf.memory().numTensors).toBe(before);
    expect(probe.labels!.length).toBe(10 * 24);
    expect(probe.pixels.length).toBe(10 * 24 * 784);
    const realSpread = await spreadOf(data.images, data.labels, true);
    const spread = await spreadOf(probe.pixels, probe.labels!, false);
    spread.forEach((s, c) => expect(s / realSpread[c]!).toBeLessThan(0.05));
    expect(warnings.map((x) => x.code)).toEqual(['mode_collapse']);
    expect(warnings[0]!.message).toContain('mode collapse');
    t.dispose();
  });
});
