import * as tf from '@tensorflow/tfjs';
import { param, type ParamBuilder, type Params } from '../params';

/**
 * Architecture options against within-class collapse (issue 12), composed from stock tfjs ops so every backend
 * (and its gradients) already has them. Each is off when its config field is absent, so older runs build the
 * same networks and load their checkpoints unchanged.
 */

/**
 * Minibatch standard deviation (Karras et al. 2018, "Progressive Growing of GANs", §3): one extra feature map with
 * the mean, over features, of the standard deviation across a group of `group` samples. A collapsed generator
 * yields groups of near-identical fakes, which D then tells from real groups at a glance.
 * h [B, H, W, C] → [B, H, W, C + 1]. Sample i is in group (i mod B/G), as in the reference implementation;
 * `group` is shrunk to a divisor of B.
 */
export function minibatchStdDev(h: tf.Tensor4D, group: number): tf.Tensor4D {
  const [B, H, W, C] = h.shape;
  let g = Math.min(group, B);
  while (B % g !== 0) g--;
  const m = B / g;
  const grouped = h.reshape([g, m, H, W, C]); // [G, M, H, W, C]
  const centred = tf.sub(grouped, tf.mean(grouped, 0, true));
  const sd = tf.sqrt(tf.add(tf.mean(tf.square(centred), 0), 1e-8)); // [M, H, W, C]
  const perGroup = tf.mean(sd, [1, 2, 3]).reshape([m, 1, 1, 1]); // [M, 1, 1, 1]
  const map = tf.tile(perGroup, [g, H, W, 1]) as tf.Tensor4D; // [B, H, W, 1]: row g·M + m gets group m
  return tf.concat([h, map], 3);
}

/** Creates the weights of a z-FiLM at a layer of `channels` features: scale and shift from z, starting near identity. */
export function addZFilm(b: ParamBuilder, name: string, zDim: number, channels: number): void {
  b.normal(`${name}.scale`, [zDim, channels]);
  b.normal(`${name}.shift`, [zDim, channels]);
}

/**
 * FiLM from the noise (Perez et al. 2018; the StyleGAN idea of z reaching every layer): h · (1 + z·Ws) + z·Wb.
 * Without it z enters only the first dense layer and a small-data cGAN can learn to drown it in the class embedding.
 * h [B, H, W, C], z [B, zDim] → [B, H, W, C].
 */
export function zFilm(p: Params, name: string, h: tf.Tensor4D, z: tf.Tensor2D): tf.Tensor4D {
  const B = h.shape[0], C = h.shape[3];
  const scale = tf.matMul(z, param(p, `${name}.scale`)).reshape([B, 1, 1, C]);
  const shift = tf.matMul(z, param(p, `${name}.shift`)).reshape([B, 1, 1, C]);
  return tf.add(tf.mul(h, tf.add(scale, 1)), shift);
}
