import * as tf from '@tensorflow/tfjs';
import { convTranspose, dense } from '../compute/ops/layers';
import { param, type CganArch, type Params } from '../models/cgan-arch';
import { Rng } from '../training/rng';

/**
 * The cGAN generator for sampling. Training's G normalises with the statistics of its batch, which would make a
 * sample depend on its batch-mates; here every BatchNorm uses statistics frozen once from a fixed reference batch
 * (latents from a constant seed, classes in turn), as PyTorch's eval() uses running statistics. A sample is then
 * a function of its own latent and class only. Same layers and weight names as models/cgan-networks.ts `generate`.
 */

/** Per BatchNorm layer: mean and variance [C] of the reference batch. */
export type FrozenStats = Array<{ mean: tf.Tensor1D; variance: tf.Tensor1D }>;

/** Latents of the reference batch: independent of the batch seed, so stats depend only on the weights. */
export const BN_REFERENCE = 256;
const REFERENCE_SEED = 0x5eed;

type Norm = (h: tf.Tensor4D, layer: number) => tf.Tensor4D;

function forward(arch: CganArch, p: Params, z: tf.Tensor2D, labels: tf.Tensor1D, norm: Norm): tf.Tensor4D {
  const B = z.shape[0];
  const c = arch.genChannels;
  const h0 = tf.concat([z, tf.gather(param(p, 'emb'), labels) as tf.Tensor2D], 1); // [B, zDim + embDim]
  const fc = dense(h0, { kernel: param(p, 'fc.kernel'), bias: param(p, 'fc.bias') }); // [B, side² · C0]
  let h = tf.leakyRelu(fc, 0.2).reshape([B, arch.baseSide, arch.baseSide, c[0]!]) as tf.Tensor4D;
  for (let i = 0; i < c.length - 1; i++) {
    const side = h.shape[1] * 2;
    h = convTranspose(h, { filter: param(p, `up${i}.filter`), bias: param(p, `up${i}.bias`) }, [B, side, side, c[i + 1]!], 2, 'same');
    const normed = norm(h, i); // [B, 2·side, 2·side, C(i+1)]
    h = tf.leakyRelu(tf.add(tf.mul(normed, param(p, `up${i}.gamma`)), param(p, `up${i}.beta`)), 0.2);
  }
  const side = h.shape[1] * 2;
  const out = convTranspose(h, { filter: param(p, 'out.filter'), bias: param(p, 'out.bias') }, [B, side, side, arch.channels], 2, 'same');
  return tf.tanh(out); // [B, R, R, channels]
}

/** Runs the reference batch with batch statistics and keeps each BatchNorm's mean/variance. Caller disposes. */
export function computeFrozenStats(arch: CganArch, p: Params): FrozenStats {
  const rng = new Rng(REFERENCE_SEED, 7);
  const z = rng.normals(BN_REFERENCE * arch.zDim);
  const labels = Int32Array.from({ length: BN_REFERENCE }, (_, i) => i % arch.classes);
  const stats: FrozenStats = [];
  tf.tidy(() => {
    forward(arch, p, tf.tensor2d(z, [BN_REFERENCE, arch.zDim]), tf.tensor1d(labels, 'int32'), (h) => {
      const { mean, variance } = tf.moments(h, [0, 1, 2]);
      stats.push({ mean: tf.keep(mean as tf.Tensor1D), variance: tf.keep(variance as tf.Tensor1D) });
      return tf.mul(tf.sub(h, mean), tf.rsqrt(tf.add(variance, 1e-5)));
    });
  });
  return stats;
}

export function disposeFrozenStats(stats: FrozenStats): void {
  for (const s of stats) tf.dispose([s.mean, s.variance]);
}

/** z [B, zDim], labels int32 [B] → images [B, R, R, channels] in [-1, 1], BatchNorm on frozen stats. */
export function generateFrozen(arch: CganArch, p: Params, stats: FrozenStats, z: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor4D {
  return tf.tidy(() => forward(arch, p, z, labels, (h, i) => tf.mul(tf.sub(h, stats[i]!.mean), tf.rsqrt(tf.add(stats[i]!.variance, 1e-5)))));
}

/** Images [B, R, R, C] in [-1, 1] → uint8, rounded as the sample grids are. */
export function toUint8(pixels: Float32Array): Uint8Array {
  const out = new Uint8Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = Math.max(0, Math.min(255, Math.round((pixels[i]! + 1) * 127.5)));
  return out;
}
