import * as tf from '@tensorflow/tfjs';

export type GanLoss = 'bce' | 'hinge' | 'lsgan';

/** Mean binary cross-entropy of logits [B, 1] against a constant target t ∈ [0, 1], numerically stable. */
export function bceLogits(logits: tf.Tensor, target: number): tf.Scalar {
  // max(x, 0) − x·t + log(1 + e^−|x|)
  const base = tf.add(tf.relu(logits), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
  return tf.mean(target === 0 ? base : tf.sub(base, tf.mul(logits, target))) as tf.Scalar;
}

/**
 * D's loss on real and fake outputs [B, 1]. bce: real → 1 − smoothing (one-sided), fake → 0; hinge:
 * relu(1 − r) + relu(1 + f); lsgan: (r − 1)² + f².
 */
export function discriminatorLoss(kind: GanLoss, real: tf.Tensor, fake: tf.Tensor, smoothing = 0): tf.Scalar {
  switch (kind) {
    case 'bce':
      return tf.add(bceLogits(real, 1 - smoothing), bceLogits(fake, 0));
    case 'hinge':
      return tf.add(tf.mean(tf.relu(tf.sub(1, real))), tf.mean(tf.relu(tf.add(1, fake))));
    case 'lsgan':
      return tf.add(tf.mean(tf.square(tf.sub(real, 1))), tf.mean(tf.square(fake)));
  }
}

/** G's loss on D's outputs for fakes [B, 1]: non-saturating bce (fake → 1), hinge −mean(f), lsgan (f − 1)². */
export function generatorLoss(kind: GanLoss, fake: tf.Tensor): tf.Scalar {
  switch (kind) {
    case 'bce':
      return bceLogits(fake, 1);
    case 'hinge':
      return tf.neg(tf.mean(fake));
    case 'lsgan':
      return tf.mean(tf.square(tf.sub(fake, 1)));
  }
}

/** D's mean output as a probability: σ(logit) for bce and hinge, the raw score for lsgan (targets 0/1). */
export function meanScore(kind: GanLoss, out: tf.Tensor): tf.Scalar {
  return tf.mean(kind === 'lsgan' ? out : tf.sigmoid(out)) as tf.Scalar;
}

/** Global L2 norm of a list of gradients. */
export function globalNorm(grads: tf.Tensor[]): tf.Scalar {
  return tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))) as tf.Scalar;
}
