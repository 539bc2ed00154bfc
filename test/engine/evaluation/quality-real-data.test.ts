import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { disposeClassifier, type Classifier } from '../../../src-main/engine/evaluation/classifier';
import { hasFashionMnist, readFashionMnistSet } from '../../../src-main/engine/evaluation/fashion-mnist-sets';
import type { ImageSet } from '../../../src-main/engine/evaluation/image-set';
import { computeQuality } from '../../../src-main/engine/evaluation/quality';
import { extractFeatures, trainArm, uploadSet } from '../../../src-main/engine/evaluation/train-arm';

/**
 * The quality measures on real Fashion-MNIST (Debian's dataset-fashion-mnist, a declared test dependency): more
 * REAL images standing in for a synthetic batch must look like the real ones, and one image repeated per class
 * (a collapsed generator) must show no diversity and no recall.
 */
let classifier: Classifier;
let real: ImageSet;
let realFeatures: Float32Array[];
let fdOfExtraReal = Number.NaN, kidOfExtraReal = Number.NaN;

async function features(set: ImageSet): Promise<Float32Array[]> {
  const up = uploadSet(tf, set);
  try {
    return await extractFeatures(tf, classifier, up);
  } finally {
    up.dispose();
  }
}

beforeAll(async () => {
  expect(hasFashionMnist(), 'install Debian\'s dataset-fashion-mnist (apt-get install dataset-fashion-mnist)').toBe(true);
  await resolveBackend({ force: 'wasm' });
  real = readFashionMnistSet('train', { perClass: 100 });
  const rows = Array.from({ length: real.count }, (_, i) => i);
  classifier = (await trainArm({ tf, pool: real, rows, classes: 10, seed: 1, steps: 150, checkpoint: async () => 'continue', onStep: () => undefined }))!;
  realFeatures = await features(real);
}, 300_000);
afterAll(() => disposeClassifier(classifier));

describe('quality measures on real data', () => {
  it('further real images: diversity ≈ 1, high precision and recall, no copies', async () => {
    const extra = readFashionMnistSet('train', { perClass: 200, skip: 3000 });
    const q = computeQuality(realFeatures, real.labels, await features(extra), extra.labels, 10);
    fdOfExtraReal = q.fd;
    kidOfExtraReal = q.kid;
    expect(q.diversityRatio).toBeGreaterThan(0.8);
    expect(q.diversityRatio).toBeLessThan(1.3);
    expect(q.precision).toBeGreaterThan(0.6);
    expect(q.recall).toBeGreaterThan(0.6);
    expect(q.memorization.ratio).toBeGreaterThan(0.8);
    expect(q.memorization.copies).toBeLessThan(0.1);
  }, 120_000);

  it('one image repeated per class: diversity ≪ 1 and recall ≈ 0', async () => {
    const one = readFashionMnistSet('train', { perClass: 1, skip: 5000 });
    const rows = Array.from({ length: 500 }, (_, i) => i % 10);
    const repeated: ImageSet = { ...one, count: rows.length, pixels: new Uint8Array(rows.length * 784), labels: Int32Array.from(rows, (r) => one.labels[r]!) };
    rows.forEach((r, i) => repeated.pixels.set(one.pixels.subarray(r * 784, (r + 1) * 784), i * 784));
    const q = computeQuality(realFeatures, real.labels, await features(repeated), repeated.labels, 10);
    expect(q.diversityRatio).toBeLessThan(0.05);
    expect(q.recall).toBeLessThan(0.05);
    // the collapsed batch is much farther from the real images than further real ones are
    expect(q.fd).toBeGreaterThan(3 * fdOfExtraReal);
    expect(q.kid).toBeGreaterThan(10 * Math.abs(kidOfExtraReal));
  }, 120_000);
});
