import * as tf from '@tensorflow/tfjs';
import { discriminate, generate } from '../models';
import type { CganState } from './cgan-state';
import { updateEma } from './cgan-state';
import { diffAugment } from './diff-augment';
import { discriminatorLoss, generatorLoss, globalNorm, meanScore } from './gan-losses';

/** What one step reports (CGAN_MODEL.lossNames). */
export interface StepMetrics {
  lossD: number;
  lossG: number;
  /** D's mean output on real / generated images (probability for bce and hinge). */
  dReal: number;
  dFake: number;
  gradNormD: number;
  gradNormG: number;
}

/** Gradients of `f` w.r.t. `vars`, in that order. */
function gradsOf(f: () => tf.Scalar, vars: tf.Variable[]): { value: tf.Scalar; grads: tf.Tensor[] } {
  const { value, grads } = tf.variableGrads(f, vars);
  return { value, grads: vars.map((v) => grads[v.name]!) };
}

/**
 * One training step: a D update (real vs. fake), then a G update, then the EMA. `real` [B, R, R, C] in [-1, 1],
 * `labels` int32 [B]. Noise and augmentation come from the state's streams. Leaves no tensors behind; reads the
 * metrics back with one sync.
 */
export function trainStep(state: CganState, real: tf.Tensor4D, labels: tf.Tensor1D): StepMetrics {
  const { cfg, arch } = state;
  const B = real.shape[0];
  const aug = (x: tf.Tensor4D): tf.Tensor4D => (state.augment ? diffAugment(x, cfg.augmentPolicy, state.rngAug) : x);
  const packed = tf.tidy(() => {
    const zD = tf.tensor2d(state.rngNoise.normals(B * arch.zDim), [B, arch.zDim]);
    const fake = generate(arch, state.g, zD, labels); // [B, R, R, C], outside the tape: no G gradient here
    const realIn = aug(real), fakeIn = aug(fake);
    let scores: tf.Tensor[] = [];
    const dStep = gradsOf(() => {
      const r = discriminate(arch, state.d, realIn, labels); // [B, 1]
      const f = discriminate(arch, state.d, fakeIn, labels); // [B, 1]
      scores = [tf.keep(meanScore(cfg.loss, r)), tf.keep(meanScore(cfg.loss, f))];
      return discriminatorLoss(cfg.loss, r, f, cfg.labelSmoothing);
    }, state.optD.vars);
    const gradNormD = globalNorm(dStep.grads);
    state.optD.apply(dStep.grads);

    const zG = tf.tensor2d(state.rngNoise.normals(B * arch.zDim), [B, arch.zDim]);
    const gStep = gradsOf(() => generatorLoss(cfg.loss, discriminate(arch, state.d, aug(generate(arch, state.g, zG, labels)), labels)),
      state.optG.vars);
    const gradNormG = globalNorm(gStep.grads);
    state.optG.apply(gStep.grads);
    const out = tf.stack([dStep.value, gStep.value, scores[0]!, scores[1]!, gradNormD, gradNormG]); // [6]
    tf.dispose(scores);
    return out;
  });
  state.step += 1;
  updateEma(state);
  const v = packed.dataSync();
  packed.dispose();
  return { lossD: v[0]!, lossG: v[1]!, dReal: v[2]!, dFake: v[3]!, gradNormD: v[4]!, gradNormG: v[5]! };
}

/** Images of the EMA generator (or raw G) for given noise [N, zDim] and labels [N]: [N, R, R, C] in [-1, 1]. */
export function sampleImages(state: CganState, z: tf.Tensor2D, labels: tf.Tensor1D, weights: 'ema' | 'raw' = 'ema'): tf.Tensor4D {
  return tf.tidy(() => generate(state.arch, weights === 'ema' ? state.ema : state.g, z, labels));
}
