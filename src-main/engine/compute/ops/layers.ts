import * as tf from '@tensorflow/tfjs';
import { fusedConv2d, fusedMatMul } from './fused-prunable';

/**
 * The layers every model's networks are made of, as pure functions of (weights, input): the weights are the
 * model's named parameters (models/params.ts), so checkpoints and optimisers see them by name.
 */

/** A conv layer: filter [KH, KW, Cin, Cout], bias [Cout]. */
export interface ConvParams {
  filter: tf.Variable;
  bias: tf.Variable;
}

/** A transposed conv layer: filter [KH, KW, Cout, Cin] (tfjs's layout), bias [Cout]. */
export type ConvTransposeParams = ConvParams;

/** A dense layer: kernel [in, out], bias [out]. */
export interface DenseParams {
  kernel: tf.Variable;
  bias: tf.Variable;
}

/** Symmetric explicit padding `p` on H and W, PyTorch's `padding=p`. */
export function torchPad(p: number): tf.backend_util.ExplicitPadding {
  return [[0, 0], [p, p], [p, p], [0, 0]];
}

/**
 * Conv + bias (the fused kernel, with gradients a generator update can skip: fused-prunable.ts):
 * [B, H, W, Cin] → [B, H', W', Cout]. `pad` is 'same', 'valid' or PyTorch-style p.
 */
export function conv(x: tf.Tensor4D, p: ConvParams, stride: number, pad: 'same' | 'valid' | number): tf.Tensor4D {
  return fusedConv2d(x, p.filter as tf.Tensor4D, p.bias as tf.Tensor1D, stride, typeof pad === 'number' ? torchPad(pad) : pad);
}

/**
 * Transposed conv + bias: [B, H, W, Cin] → outShape [B, H·s, W·s, Cout]. `pad` as for `conv` of the forward conv:
 * PyTorch's ConvTranspose2d(k, s, padding=p, output_padding=s+2p−k) is `pad = p` here.
 */
export function convTranspose(x: tf.Tensor4D, p: ConvTransposeParams, outShape: [number, number, number, number],
  stride: number, pad: 'same' | number): tf.Tensor4D {
  const y = tf.conv2dTranspose(x, p.filter as tf.Tensor4D, outShape, stride, typeof pad === 'number' ? torchPad(pad) : pad);
  return tf.add(y, p.bias);
}

/** x·W + b (fused, prunable gradients): [B, in] → [B, out]. */
export function dense(x: tf.Tensor2D, p: DenseParams): tf.Tensor2D {
  return fusedMatMul(x, p.kernel as tf.Tensor2D, p.bias as tf.Tensor1D);
}

/** One scalar per image as [B, 1, 1, 1], to scale or shift each image of a batch by its own value. */
export const perSample = (values: ArrayLike<number>): tf.Tensor4D => tf.tensor4d(Float32Array.from(values), [values.length, 1, 1, 1]);
