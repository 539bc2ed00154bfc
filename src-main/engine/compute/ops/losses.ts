import * as tf from '@tensorflow/tfjs';

/** Mean binary cross-entropy on logits against a constant target (0 or 1), numerically stable. [B, 1] → scalar. */
export function bceWithLogits(logits: tf.Tensor, target: 0 | 1): tf.Scalar {
  // max(x,0) − x·t + log(1 + e^−|x|); with t ∈ {0,1} the first two terms are relu(±x)
  const hinge = target === 1 ? tf.relu(tf.neg(logits)) : tf.relu(logits);
  return tf.mean(tf.add(hinge, tf.log1p(tf.exp(tf.neg(tf.abs(logits)))))) as tf.Scalar;
}

/** Mean squared error against a constant target (LSGAN). */
export function mseTo(x: tf.Tensor, target: number): tf.Scalar {
  return tf.mean(tf.square(target === 0 ? x : tf.sub(x, target))) as tf.Scalar;
}

/** Mean absolute error (cycle and identity losses). */
export function l1(a: tf.Tensor, b: tf.Tensor): tf.Scalar {
  return tf.mean(tf.abs(tf.sub(a, b))) as tf.Scalar;
}
