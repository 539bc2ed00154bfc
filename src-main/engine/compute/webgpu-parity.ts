import * as tf from '@tensorflow/tfjs';
import { createAdam } from './ops/adam';
import { conv, convTranspose, dense, type ConvParams, type DenseParams } from './ops/layers';
import { bceLogits } from '../models/gan-losses';
import { l1, mseTo } from './ops/losses';
import { batchNormTrain, instanceNorm, type NormParams } from './ops/norms';
import { reflectionPad } from './ops/reflection-pad';

/**
 * Kernel and gradient parity of every op the models use, on one backend against another (webgpu against cpu).
 * Shared by the unit tests (test/engine/compute/webgpu-parity.test.ts) and the GPU kit's self-test, so a GPU
 * machine runs exactly what CI runs on the software adapter. Shapes are tiny: a software adapter is slow.
 */

/** Relative tolerance (fp32, another summation order) and the absolute one for true zeros. */
export const PARITY_REL = 1e-4;
export const PARITY_ABS = 1e-5;

/** A named program: its outputs (forward values, then gradients) are compared element by element. */
export interface ParityCase {
  name: string;
  program: () => tf.Tensor[];
}

/** Deterministic values in [-1, 1] (mulberry32): both backends see the same inputs. */
export function seededValues(n: number, seed: number): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

const t = (shape: number[], seed: number, scale = 1): tf.Tensor => tf.mul(tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), seed), shape), scale);
const convP = (w: tf.Tensor, b: tf.Tensor): ConvParams => ({ filter: w, bias: b }) as unknown as ConvParams;
const normP = (g: tf.Tensor, b: tf.Tensor): NormParams => ({ gamma: tf.add(g, 1), beta: b }) as unknown as NormParams;

/** f's value, then the gradient of a fixed random projection of it with respect to every input, in order. */
function withGrads(inputs: () => tf.Tensor[], f: (...xs: tf.Tensor[]) => tf.Tensor): () => tf.Tensor[] {
  return () => {
    const xs = inputs();
    const y = f(...xs);
    const w = tf.tensor(seededValues(y.size, 99), y.shape);
    return [y, ...tf.grads((...a: tf.Tensor[]) => tf.sum(tf.mul(f(...a), w)))(xs)];
  };
}

/** Two Adam updates of two variables: the variables and both moments. */
function adamProgram(): tf.Tensor[] {
  const vars = [tf.variable(t([6], 24)), tf.variable(t([2, 3], 25))];
  const adam = createAdam(vars);
  for (const seed of [26, 27]) adam.apply(vars.map((v, i) => t(v.shape, seed + 10 * i)));
  const out = [...vars, ...adam.m, ...adam.v].map((x) => x.clone());
  adam.dispose();
  tf.dispose(vars);
  return out;
}

export const PARITY_CASES: ParityCase[] = [
  { name: 'conv (FusedConv2D) k3 s2 same, + gradients', program: withGrads(() => [t([2, 6, 6, 3], 1), t([3, 3, 3, 4], 2, 0.3), t([4], 3)], (x, w, b) => conv(x as tf.Tensor4D, convP(w!, b!), 2, 'same')) },
  { name: 'conv k3 s1 PyTorch padding 1, + gradients', program: withGrads(() => [t([2, 5, 5, 3], 31), t([3, 3, 3, 4], 32, 0.3), t([4], 33)], (x, w, b) => conv(x as tf.Tensor4D, convP(w!, b!), 1, 1)) },
  { name: 'conv2dTranspose k4 s2 + bias, + gradients', program: withGrads(() => [t([2, 3, 3, 4], 4), t([4, 4, 3, 4], 5, 0.3), t([3], 6)], (x, w, b) => convTranspose(x as tf.Tensor4D, convP(w!, b!), [2, 6, 6, 3], 2, 'same')) },
  {
    name: 'batch norm after conv2dTranspose (its bias gradient is zero: absolute tolerance)',
    program: withGrads(() => [t([2, 3, 3, 4], 7), t([4, 4, 3, 4], 8, 0.3), t([3], 9), t([3], 10, 0.5), t([3], 11)],
      (x, w, b, g, beta) => batchNormTrain(convTranspose(x as tf.Tensor4D, convP(w!, b!), [2, 6, 6, 3], 2, 'same'), normP(g!, beta!))),
  },
  { name: 'instance norm after reflection pad 2, + gradients', program: withGrads(() => [t([2, 5, 5, 3], 12), t([3], 13, 0.5), t([3], 14)], (x, g, beta) => instanceNorm(reflectionPad(x as tf.Tensor4D, 2), normP(g!, beta!))) },
  { name: 'leakyRelu, relu, tanh, + gradients', program: withGrads(() => [t([2, 4, 4, 3], 15, 2)], (x) => tf.tanh(tf.add(tf.leakyRelu(x!, 0.2), tf.relu(tf.neg(x!))))) },
  {
    name: 'losses: sigmoid cross-entropy on logits (targets 1 and 0), least squares, L1, + gradients',
    program: withGrads(() => [t([4, 1], 16, 3), t([4, 1], 17)], (a, b) => tf.stack([bceLogits(a!, 1), bceLogits(a!, 0), mseTo(a!, 1), mseTo(a!, 0), l1(a!, b!)])),
  },
  {
    name: 'dense (fused matMul + bias) then matMul, + gradients',
    program: withGrads(() => [t([3, 5], 18), t([5, 4], 19, 0.5), t([4], 20), t([4, 2], 21)],
      (x, k, b, k2) => tf.matMul(dense(x as tf.Tensor2D, { kernel: k, bias: b } as unknown as DenseParams), k2 as tf.Tensor2D)),
  },
  {
    name: 'gather (label embedding; gradient by UnsortedSegmentSum), concat, split, + gradients',
    program: withGrads(() => [t([10, 3], 22), t([3, 2, 2, 1], 23)], (table, img) => {
      const emb = tf.gather(table!, tf.tensor1d([3, 0, 3], 'int32')); // a repeated label sums its gradient
      const both = tf.concat([img!, tf.reshape(tf.tile(emb, [1, 4]), [3, 2, 2, 3])], 3);
      const [left, right] = tf.split(both, [1, 3], 3);
      return tf.mul(tf.sum(left!, 3), tf.sum(right!, 3));
    }),
  },
  { name: 'Adam (compute/ops/adam.ts): two updates, variables and moments', program: adamProgram },
];

/** Outputs of `program` on `backend`, read with `await data()`, and the live-tensor change (0: nothing leaked). */
export async function runProgram(backend: string, program: () => tf.Tensor[]): Promise<{ values: Float32Array[]; shapes: number[][]; leaked: number }> {
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs could not activate '${backend}'`);
  const before = tf.memory().numTensors;
  const outs = tf.tidy(program);
  const values = await Promise.all(outs.map(async (x) => (await x.data()) as Float32Array));
  const shapes = outs.map((x) => x.shape);
  tf.dispose(outs);
  return { values, shapes, leaked: tf.memory().numTensors - before };
}

/** max |got − ref| minus the tolerance `rel·max|ref| + abs`: ≤ 0 means within tolerance; Infinity on NaN or size mismatch. */
export function toleranceExcess(got: ArrayLike<number>, ref: ArrayLike<number>, rel = PARITY_REL, abs = PARITY_ABS): number {
  if (got.length !== ref.length) return Infinity;
  let diff = 0, scale = 0;
  for (let i = 0; i < ref.length; i++) {
    if (!Number.isFinite(got[i]!)) return Infinity;
    diff = Math.max(diff, Math.abs(got[i]! - ref[i]!));
    scale = Math.max(scale, Math.abs(ref[i]!));
  }
  return diff - (rel * scale + abs);
}

/** One case compared: per output, its excess over the tolerance; shapes and leaks checked. */
export interface ParityResult {
  name: string;
  ok: boolean;
  excess: number[];
  shapesMatch: boolean;
  leaked: number;
}

export async function checkParity(c: ParityCase, backend = 'webgpu', reference = 'cpu'): Promise<ParityResult> {
  const ref = await runProgram(reference, c.program);
  const got = await runProgram(backend, c.program);
  const shapesMatch = JSON.stringify(got.shapes) === JSON.stringify(ref.shapes);
  const excess = ref.values.map((r, i) => toleranceExcess(got.values[i]!, r));
  const leaked = got.leaked + ref.leaked;
  return { name: c.name, ok: shapesMatch && leaked === 0 && excess.every((e) => e <= 0), excess, shapesMatch, leaked };
}
