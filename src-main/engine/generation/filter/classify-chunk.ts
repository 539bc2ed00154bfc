import type * as tfType from '@tensorflow/tfjs';
import { forward, type Classifier } from '../../evaluation/classifier';
import { fillBatch } from '../../evaluation/image-set';

type Tf = typeof tfType;

/** What the classifier says of each image of a chunk: class probabilities [K] and penultimate features [F]. */
export interface Judged { probs: Float32Array; features: Float32Array }

/**
 * Runs the classifier over `count` images (uint8 [count, R, R, C] at the classifier's input size, scaled to [-1, 1]
 * as its training images were) in one pass. Returns one row per image.
 */
export async function classifyPixels(tf: Tf, c: Classifier, pixels: Uint8Array, count: number): Promise<Judged[]> {
  const R = c.resolution, C = c.channels;
  const set = { resolution: R, channels: C, count, pixels, labels: new Int32Array(count) };
  const buf = new Float32Array(count * R * R * C);
  fillBatch(set, Array.from({ length: count }, (_, i) => i), buf, null);
  const [probs, features] = tf.tidy(() => {
    const out = forward(c, tf.tensor4d(buf, [count, R, R, C]));
    return [tf.softmax(out.logits), out.features];
  });
  const p = (await probs!.data()) as Float32Array, f = (await features!.data()) as Float32Array;
  tf.dispose([probs!, features!]);
  const K = c.classes, F = f.length / count;
  return Array.from({ length: count }, (_, i) => ({ probs: p.slice(i * K, (i + 1) * K), features: f.slice(i * F, (i + 1) * F) }));
}

/** Index of the largest value. */
export function argMax(xs: Float32Array): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i]! > xs[best]!) best = i;
  return best;
}
