import * as tf from '@tensorflow/tfjs';

/** Mean squared error against a constant target (LSGAN). */
export function mseTo(x: tf.Tensor, target: number): tf.Scalar {
  return tf.mean(tf.square(target === 0 ? x : tf.sub(x, target))) as tf.Scalar;
}

/** Mean absolute error (cycle and identity losses). */
export function l1(a: tf.Tensor, b: tf.Tensor): tf.Scalar {
  return tf.mean(tf.abs(tf.sub(a, b))) as tf.Scalar;
}
