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

/** Creates the weights of a FiLM at a layer of `channels` features: scale and shift from a vector of `inDim`, starting near identity. */
export function addFilm(b: ParamBuilder, name: string, inDim: number, channels: number): void {
  b.normal(`${name}.scale`, [inDim, channels]);
  b.normal(`${name}.shift`, [inDim, channels]);
}

/**
 * FiLM (Perez et al. 2018): h · (1 + v·Ws) + v·Wb. From the noise (v = z, the StyleGAN idea of z reaching every
 * layer; without it z enters only the first dense layer and a small-data cGAN can learn to drown it in the class
 * embedding), or from the class embedding (v = embed(y), BigGAN's class-conditional BatchNorm: the class shapes
 * every layer, not only the first). h [B, H, W, C], v [B, D] → [B, H, W, C].
 */
export function film(p: Params, name: string, h: tf.Tensor4D, v: tf.Tensor2D): tf.Tensor4D {
  const B = h.shape[0], C = h.shape[3];
  const scale = tf.matMul(v, param(p, `${name}.scale`)).reshape([B, 1, 1, C]);
  const shift = tf.matMul(v, param(p, `${name}.shift`)).reshape([B, 1, 1, C]);
  return tf.add(tf.mul(h, tf.add(scale, 1)), shift);
}
