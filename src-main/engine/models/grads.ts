import * as tf from '@tensorflow/tfjs';

/** Gradients of `loss` w.r.t. `vars`, in the same order, plus the loss value (every model's step uses it). */
export function gradsOf(loss: () => tf.Scalar, vars: tf.Variable[]): { value: tf.Scalar; grads: tf.Tensor[] } {
  const { value, grads } = tf.variableGrads(loss, vars);
  return { value, grads: vars.map((v) => grads[v.name]!) };
}

/** Reads a packed vector of scalars back (the one read of a step: asynchronous, as WebGPU needs) and frees it. */
export async function readScalars(packed: tf.Tensor): Promise<Float32Array> {
  try {
    return (await packed.data()) as Float32Array;
  } finally {
    packed.dispose();
  }
}

/** Float pixels of an image tensor, read asynchronously; frees it. */
export const readPixels = readScalars;
