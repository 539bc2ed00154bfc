import * as tf from '@tensorflow/tfjs';
import { conv, convTranspose, dense } from '../../compute/ops/layers';
import { instanceNorm } from '../../compute/ops/norms';
import { param, ParamBuilder, type Params } from '../params';

/**
 * The denoiser: a small U-Net (three levels, one residual block each way, Ho et al. 2020 without attention) that
 * predicts the noise in a noised image from the image, the noise level and the class. Pure functions of named
 * parameters, as every model's networks (names are stable: checkpoints store them).
 */

export interface UNetShape {
  side: number;
  channels: 1 | 3;
  /** Classes of the dataset; class index `classes` is "no class" (classifier-free guidance). */
  classes: number;
  width: number;
  /** Length of the noise-level and class embedding. */
  embed: number;
}

export const unetShape = (cfg: { resolution: number; channels: 1 | 3; width: number }, classes: number): UNetShape =>
  ({ side: cfg.resolution, channels: cfg.channels, classes: Math.max(1, classes), width: cfg.width, embed: 4 * cfg.width });

/** PyTorch's default init scale (uniform ±1/√fan_in has this sd), so the network starts as the prototype did. */
const initSd = (fanIn: number): number => 1 / Math.sqrt(3 * fanIn);

function convParams(b: ParamBuilder, name: string, k: number, cin: number, cout: number): void {
  b.normal(`${name}.filter`, [k, k, cin, cout], initSd(k * k * cin));
  b.zeros(`${name}.bias`, [cout]);
}

function denseParams(b: ParamBuilder, name: string, cin: number, cout: number): void {
  b.normal(`${name}.kernel`, [cin, cout], initSd(cin));
  b.zeros(`${name}.bias`, [cout]);
}

function normParams(b: ParamBuilder, name: string, c: number): void {
  b.ones(`${name}.gamma`, [c]);
  b.zeros(`${name}.beta`, [c]);
}

/** A residual block: norm, SiLU, conv, + embedding, norm, SiLU, conv, + (1×1 conv of) the input. */
function blockParams(b: ParamBuilder, name: string, cin: number, cout: number, embed: number): void {
  normParams(b, `${name}.n1`, cin);
  convParams(b, `${name}.c1`, 3, cin, cout);
  denseParams(b, `${name}.e`, embed, cout);
  normParams(b, `${name}.n2`, cout);
  convParams(b, `${name}.c2`, 3, cout, cout);
  if (cin !== cout) convParams(b, `${name}.skip`, 1, cin, cout);
}

/** Every weight of the U-Net, seeded by name from the run seed. */
export function buildUNet(s: UNetShape, seed: number): Params {
  const b = new ParamBuilder(seed, 'unet');
  const c = s.width, E = s.embed;
  denseParams(b, 'time1', E, E);
  denseParams(b, 'time2', E, E);
  b.normal('classEmbed', [s.classes + 1, E], 1);
  convParams(b, 'in', 3, s.channels, c);
  blockParams(b, 'down1', c, c, E);
  convParams(b, 'pool1', 3, c, c);
  blockParams(b, 'down2', c, 2 * c, E);
  convParams(b, 'pool2', 3, 2 * c, 2 * c);
  blockParams(b, 'mid1', 2 * c, 4 * c, E);
  blockParams(b, 'mid2', 4 * c, 4 * c, E);
  blockParams(b, 'up2', 6 * c, 2 * c, E);
  convParams(b, 'unpool2', 4, 2 * c, 2 * c);
  blockParams(b, 'up1', 4 * c, c, E);
  convParams(b, 'unpool1', 4, c, c);
  blockParams(b, 'up0', 2 * c, c, E);
  normParams(b, 'outNorm', c);
  convParams(b, 'out', 3, c, s.channels);
  return b.params;
}

const convOf = (p: Params, name: string) => ({ filter: param(p, `${name}.filter`), bias: param(p, `${name}.bias`) });
const denseOf = (p: Params, name: string) => ({ kernel: param(p, `${name}.kernel`), bias: param(p, `${name}.bias`) });
const silu = <T extends tf.Tensor>(x: T): T => tf.mul(x, tf.sigmoid(x));

/** The largest group count of at most 8 that divides `c`. */
const groupsOf = (c: number): number => [8, 4, 2, 1].find((g) => c % g === 0)!;

/**
 * Group norm (Wu & He 2018) with 8 groups and a per-channel affine. Group g holds channels g, g + 8, g + 16, …: a
 * permutation of the usual contiguous groups, which the learned channels do not care about, and it lets the
 * reshape [B, H·W, C/8, 8] hand each group to the instance-norm kernel as one "channel".
 */
function groupNorm(x: tf.Tensor4D, p: Params, name: string): tf.Tensor4D {
  const [B, H, W, C] = x.shape;
  const G = groupsOf(C);
  const grouped = instanceNorm(tf.reshape(x, [B, H * W, C / G, G]), { gamma: tf.ones([G]) as tf.Variable, beta: tf.zeros([G]) as tf.Variable });
  return tf.add(tf.mul(tf.reshape(grouped, [B, H, W, C]), param(p, `${name}.gamma`)), param(p, `${name}.beta`));
}

function block(p: Params, name: string, x: tf.Tensor4D, e: tf.Tensor2D): tf.Tensor4D {
  const cout = param(p, `${name}.c1.bias`).shape[0]!;
  let h = conv(silu(groupNorm(x, p, `${name}.n1`)), convOf(p, `${name}.c1`), 1, 1);
  h = tf.add(h, tf.reshape(dense(e, denseOf(p, `${name}.e`)), [e.shape[0], 1, 1, cout]));
  h = conv(silu(groupNorm(h, p, `${name}.n2`)), convOf(p, `${name}.c2`), 1, 1);
  const skip = p[`${name}.skip.filter`] ? conv(x, convOf(p, `${name}.skip`), 1, 0) : x;
  return tf.add(h, skip);
}

/** Sinusoidal embedding of integer noise levels (Vaswani et al. 2017), [B] → [B, dim]: computed in JS, no gradient. */
export function levelEmbedding(levels: ArrayLike<number>, dim: number): tf.Tensor2D {
  const half = dim / 2, out = new Float32Array(levels.length * dim);
  for (let i = 0; i < levels.length; i++) {
    for (let k = 0; k < half; k++) {
      const a = levels[i]! * Math.exp((-Math.log(10000) * k) / half);
      out[i * dim + k] = Math.sin(a);
      out[i * dim + half + k] = Math.cos(a);
    }
  }
  return tf.tensor2d(out, [levels.length, dim]);
}

/**
 * The predicted noise of images `x` [B, R, R, C] at noise levels `levels` (embedded by `levelEmbedding`, [B, E]) for
 * classes `labels` [B] (index `classes` = no class): [B, R, R, C].
 */
export function denoise(s: UNetShape, p: Params, x: tf.Tensor4D, levels: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor4D {
  const B = x.shape[0], c = s.width, R = s.side;
  const t = dense(silu(dense(levels, denseOf(p, 'time1'))), denseOf(p, 'time2'));
  const e = tf.add(t, tf.matMul(tf.oneHot(labels, s.classes + 1).toFloat(), param(p, 'classEmbed'))) as tf.Tensor2D;
  const h0 = conv(x, convOf(p, 'in'), 1, 1);
  const h1 = block(p, 'down1', h0, e); // [B, R, R, c]
  const h2 = block(p, 'down2', conv(h1, convOf(p, 'pool1'), 2, 1), e); // [B, R/2, R/2, 2c]
  const x2 = conv(h2, convOf(p, 'pool2'), 2, 1); // [B, R/4, R/4, 2c]
  const m = block(p, 'mid2', block(p, 'mid1', x2, e), e); // [B, R/4, R/4, 4c]
  let u = block(p, 'up2', tf.concat([m, x2], 3), e);
  u = convTranspose(u, convOf(p, 'unpool2'), [B, R / 2, R / 2, 2 * c], 2, 1);
  u = block(p, 'up1', tf.concat([u, h2], 3), e);
  u = convTranspose(u, convOf(p, 'unpool1'), [B, R, R, c], 2, 1);
  u = block(p, 'up0', tf.concat([u, h1], 3), e);
  return conv(silu(groupNorm(u, p, 'outNorm')), convOf(p, 'out'), 1, 1);
}
