import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../training/rng';
import { readPixels } from '../grads';
import type { Sampler, StoredTensors } from '../model';
import { disposeParams, loadedParams, type Params } from '../params';
import { cganArch, type CganArch } from './arch';
import { buildGenerator, generate, type GeneratorNorm } from './networks';
import type { CganRunConfig } from './spec';

/**
 * The cGAN generator for sampling. Training's G normalises with the statistics of its batch, which would make a
 * sample depend on its batch-mates; here every BatchNorm uses statistics frozen once from a fixed reference batch
 * (latents from a constant seed, classes in turn), as PyTorch's eval() uses running statistics. A sample is then
 * a function of its own latent and class only. The forward pass is networks.ts's `generate`.
 */

/** Latents of the reference batch: independent of the batch seed, so stats depend only on the weights. */
export const BN_REFERENCE = 256;
const REFERENCE_SEED = 0x5eed;
const EPS = 1e-5;

/** Per BatchNorm layer: mean and variance [C] of the reference batch. */
type FrozenStats = Array<{ mean: tf.Tensor; variance: tf.Tensor }>;

const frozen = (stats: FrozenStats): GeneratorNorm => (h, i, gamma, beta) =>
  tf.add(tf.mul(tf.mul(tf.sub(h, stats[i]!.mean), tf.rsqrt(tf.add(stats[i]!.variance, EPS))), gamma), beta);

/** Runs the reference batch with batch statistics and keeps each BatchNorm's mean/variance. Caller disposes. */
function computeFrozenStats(arch: CganArch, p: Params): FrozenStats {
  const z = new Rng(REFERENCE_SEED, 7).normals(BN_REFERENCE * arch.zDim);
  const labels = Int32Array.from({ length: BN_REFERENCE }, (_, i) => i % arch.classes);
  const stats: FrozenStats = [];
  const capture: GeneratorNorm = (h, _i, gamma, beta) => {
    const { mean, variance } = tf.moments(h, [0, 1, 2]);
    stats.push({ mean: tf.keep(mean), variance: tf.keep(variance) });
    return tf.add(tf.mul(tf.mul(tf.sub(h, mean), tf.rsqrt(tf.add(variance, EPS))), gamma), beta);
  };
  tf.tidy(() => { generate(arch, p, tf.tensor2d(z, [BN_REFERENCE, arch.zDim]), tf.tensor1d(labels, 'int32'), capture); });
  return stats;
}

/** A sampler over weights already in memory (takes ownership of `params`). */
export function samplerFrom(arch: CganArch, params: Params): Sampler {
  const stats = computeFrozenStats(arch, params);
  const norm = frozen(stats);
  return {
    zDim: arch.zDim, bnReference: BN_REFERENCE, resolution: arch.resolution, channels: arch.channels,
    async generate(z, labels) {
      const n = labels.length;
      return readPixels(tf.tidy(() => generate(arch, params, tf.tensor2d(z, [n, arch.zDim]), tf.tensor1d(labels, 'int32'), norm)));
    },
    dispose() {
      for (const s of stats) tf.dispose([s.mean, s.variance]);
      disposeParams(params);
    },
  };
}

/** The sampler of a checkpoint's `g/…` (raw) or `ema/…` weights. */
export function loadCganSampler(cfg: CganRunConfig, classes: number, weights: StoredTensors, which: 'ema' | 'raw'): Sampler {
  const arch = cganArch({ ...cfg, classes });
  return samplerFrom(arch, loadedParams(buildGenerator(arch, cfg.seed), which === 'ema' ? 'ema' : 'g', weights));
}
