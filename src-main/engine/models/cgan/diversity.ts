import * as tf from '@tensorflow/tfjs';
import type { CganRunConfig } from './spec';

/**
 * Training-side remedies against within-class collapse (issue 12), each off when its config field is absent.
 * Composed from stock tfjs ops: every backend has their gradients.
 */

/**
 * Transitional conditioning (Shahbazi et al. 2022, "Collapse by Conditioning"): how strongly the class enters G and
 * D at `step`, 0 before `condRampStart`, rising linearly to 1 at `condRampEnd`. 1 when no ramp is configured.
 */
export function condStrength(cfg: Pick<CganRunConfig, 'condRampStart' | 'condRampEnd'>, step: number): number {
  const start = cfg.condRampStart ?? 0, end = cfg.condRampEnd ?? 0;
  if (end <= start) return step < start ? 0 : 1;
  return Math.min(1, Math.max(0, (step - start) / (end - start)));
}

/**
 * Labels for the mode-seeking G step: rows i and h + i (h = ⌊B/2⌋) get the same class, so the two halves of the
 * batch are pairs of one class drawn with different z. labels int32 [B] → [B].
 */
export function pairedLabels(labels: tf.Tensor1D): tf.Tensor1D {
  const B = labels.shape[0], h = Math.floor(B / 2);
  return tf.concat([labels.slice(0, h), labels.slice(0, B - h)]);
}

/**
 * MSGAN's mode-seeking term (Mao et al. 2019), to be minimised by G: 1 / (mean|G(z1) − G(z2)| / mean|z1 − z2| + ε)
 * over the pairs (i, h + i) of `fake` [B, R, R, C] and `z` [B, zDim]. Large when different noise gives the same
 * image, i.e. exactly when the generator ignores z.
 */
export function modeSeekingLoss(fake: tf.Tensor4D, z: tf.Tensor2D): tf.Scalar {
  const h = Math.floor(fake.shape[0] / 2);
  const dImg = tf.mean(tf.abs(tf.sub(fake.slice(0, h), fake.slice(h, h))));
  const dZ = tf.mean(tf.abs(tf.sub(z.slice(0, h), z.slice(h, h))));
  return tf.div(1, tf.add(tf.div(dImg, dZ), 1e-5)) as tf.Scalar;
}

/**
 * The coverage term's search (IMLE, Li & Malik 2018): for each real image, the noise whose sample of that image's
 * class lies nearest to it in pixels, out of `draws` candidates. Pulling those samples onto their real images
 * (coverageLoss) makes every training image reachable from some z, where the adversarial loss alone lets G cover a
 * few shapes per class. real [q, R, R, C], labels int32 [q], z [q·draws, zDim] → the chosen z [q, zDim].
 * `gen` runs G without gradient (the caller's tape is not recording).
 */
export function nearestNoise(gen: (z: tf.Tensor2D, labels: tf.Tensor1D) => tf.Tensor4D, real: tf.Tensor4D, labels: tf.Tensor1D,
  z: tf.Tensor2D, draws: number): tf.Tensor2D {
  const q = real.shape[0];
  const candidates = gen(z, tf.reshape(tf.tile(tf.reshape(labels, [q, 1]), [1, draws]), [q * draws]) as tf.Tensor1D); // [q·draws, R, R, C]
  const flat = tf.reshape(candidates, [q, draws, -1]); // [q, draws, P]
  const dist = tf.sum(tf.square(tf.sub(flat, tf.reshape(real, [q, 1, -1]))), 2); // [q, draws]
  const rows = tf.add(tf.argMin(dist, 1), tf.range(0, q * draws, draws, 'int32')); // [q] rows of z
  return tf.gather(z, rows) as tf.Tensor2D;
}

/** Mean absolute pixel difference between samples and the real images they were chosen for (both [q, R, R, C]). */
export function coverageLoss(fake: tf.Tensor4D, real: tf.Tensor4D): tf.Scalar {
  return tf.mean(tf.abs(tf.sub(fake, real))) as tf.Scalar;
}
