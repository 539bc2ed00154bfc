import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../../src-main/engine/compute/resolve-backend';
import { jitter } from '../../../../src-main/engine/models/cyclegan/jitter';
import { Rng } from '../../../../src-main/engine/training/rng';

beforeAll(async () => {
  await resolveBackend();
});

describe('CycleGAN jitter', () => {
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
});
