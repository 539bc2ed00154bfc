import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { diffAugment, mirrorHalf } from '../../../src-main/engine/models/diff-augment';
import { Rng } from '../../../src-main/engine/training/rng';

beforeAll(async () => {
  await resolveBackend();
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

  it('mirror: each image is itself or its left-right flip, both happen, and the same RNG state replays it', async () => {
    const B = 32;
    const x = tf.randomUniform([B, 4, 5, 2], -1, 1, 'float32', 4) as tf.Tensor4D; // asymmetric: a flip always shows
    const flipped = tf.reverse(x, 2);
    const rng = new Rng(3, 3);
    const saved = rng.getState();
    const y = mirrorHalf(x, rng);
    const [xs, fs, ys] = await Promise.all([x.array(), flipped.array(), y.array()]);
    const same = (a: number[][][], b: number[][][]) => a.flat(2).every((v, i) => Math.abs(v - b.flat(2)[i]!) < 1e-6);
    const kinds = ys.map((img, b) => (same(img, xs[b]!) ? 'kept' : same(img, fs[b]!) ? 'flipped' : 'other'));
    expect(kinds).not.toContain('other');
    expect(kinds.filter((k) => k === 'flipped').length).toBeGreaterThan(4);
    expect(kinds.filter((k) => k === 'kept').length).toBeGreaterThan(4);
    rng.setState(saved);
    const again = mirrorHalf(x, rng);
    expect(Array.from(await again.data())).toEqual(Array.from(await y.data()));
    tf.dispose([x, flipped, y, again]);
  });
});
