import * as tf from '@tensorflow/tfjs';
import { fusedConv2d, fusedMatMul } from './fused-prunable';

/**
 * Small building blocks with explicit weights: each `createX` returns plain variables, each `applyX` is a pure
 * function of (params, input). Initialisation: N(0, 0.02) weights (DCGAN), zero biases.
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

/** A variable from an initial value; tidy frees the initial tensor (the variable keeps its own copy). */
export const variableOf = (make: () => tf.Tensor): tf.Variable => tf.tidy(() => tf.variable(make()));
const init = (shape: number[]): tf.Variable => variableOf(() => tf.randomNormal(shape, 0, 0.02));

export function createConv(k: number, cin: number, cout: number): ConvParams {
  return { filter: init([k, k, cin, cout]), bias: variableOf(() => tf.zeros([cout])) };
}

export function createConvTranspose(k: number, cin: number, cout: number): ConvTransposeParams {
  return { filter: init([k, k, cout, cin]), bias: variableOf(() => tf.zeros([cout])) };
}

export function createDense(nin: number, nout: number): DenseParams {
  return { kernel: init([nin, nout]), bias: variableOf(() => tf.zeros([nout])) };
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

/** Every variable of a nested params object, in a stable order (for the optimiser and checkpoints). */
export function collectVariables(params: unknown): tf.Variable[] {
  const out: tf.Variable[] = [];
  const walk = (v: unknown): void => {
    if (v instanceof tf.Variable) out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(params);
  return out;
}
