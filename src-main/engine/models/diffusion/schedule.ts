import * as tf from '@tensorflow/tfjs';
import type { Params } from '../params';
import { denoise, levelEmbedding, type UNetShape } from './networks';

/** Noise levels of training; DDIM samples with a few of them. */
export const LEVELS = 1000;

/**
 * ᾱ_t of the cosine schedule (Nichol & Dhariwal 2021), t = 0 … LEVELS − 1: the share of the image's variance left
 * at level t (x_t = √ᾱ_t·x + √(1 − ᾱ_t)·ε), kept inside [1e-5, 0.9999] so that neither end divides by zero.
 */
export const ALPHA_BAR: Float32Array = (() => {
  const s = 0.008, f = (t: number) => Math.cos((((t / LEVELS) + s) / (1 + s)) * (Math.PI / 2)) ** 2;
  return Float32Array.from({ length: LEVELS }, (_, t) => Math.min(0.9999, Math.max(1e-5, f(t + 1) / f(0))));
})();

/** The `steps` levels DDIM visits, from the noisiest down to 0 (evenly spaced, rounded down as PyTorch's `.long()`). */
export function samplingLevels(steps: number): number[] {
  return Array.from({ length: steps }, (_, k) => Math.floor(LEVELS - 1 - ((LEVELS - 1) * k) / (steps - 1)));
}

export interface SampleOptions {
  guidance: number;
  steps: number;
}

/**
 * Deterministic DDIM (η = 0) from starting noise `xT` [n·R·R·C] for classes `labels`: the image is a function of its
 * own noise and class only, so a recorded seed gives it back. Classifier-free guidance mixes the conditional and the
 * unconditional prediction, ε = ε_u + w·(ε_c − ε_u); w = 1 needs only the conditional pass.
 */
export async function ddimSample(s: UNetShape, p: Params, xT: Float32Array, labels: Int32Array, o: SampleOptions): Promise<Float32Array> {
  const n = labels.length;
  const levels = samplingLevels(o.steps);
  let x = tf.tensor4d(xT, [n, s.side, s.side, s.channels]);
  const cond = tf.tensor1d(labels, 'int32'), none = tf.fill([n], s.classes, 'int32') as tf.Tensor1D;
  try {
    for (const [k, level] of levels.entries()) {
      const next = tf.tidy(() => {
        const a = ALPHA_BAR[level]!, emb = levelEmbedding(new Array<number>(n).fill(level), s.embed);
        let eps: tf.Tensor4D;
        if (o.guidance === 1) eps = denoise(s, p, x, emb, cond);
        else {
          const both = denoise(s, p, tf.concat([x, x]), tf.concat([emb, emb]), tf.concat([cond, none]));
          const [ec, eu] = tf.split(both, 2) as [tf.Tensor4D, tf.Tensor4D];
          eps = tf.add(eu, tf.mul(tf.sub(ec, eu), o.guidance));
        }
        const x0 = tf.clipByValue(tf.div(tf.sub(x, tf.mul(eps, Math.sqrt(1 - a))), Math.sqrt(a)), -1, 1);
        if (k === levels.length - 1) return x0;
        const an = ALPHA_BAR[levels[k + 1]!]!;
        return tf.add(tf.mul(x0, Math.sqrt(an)), tf.mul(eps, Math.sqrt(1 - an)));
      });
      x.dispose();
      x = next as tf.Tensor4D;
    }
    return (await x.data()) as Float32Array;
  } finally {
    tf.dispose([x, cond, none]);
  }
}
