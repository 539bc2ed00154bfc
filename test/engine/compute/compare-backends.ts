import * as tf from '@tensorflow/tfjs';
import { seededValues } from '../../../src-main/engine/compute/webgpu-parity';

/** Deterministic pseudo-random values in [-1, 1], so both backends see identical inputs (the parity kit's generator). */
export const randomValues = seededValues;

/** Max |a − b| over max |b|: error relative to the reference's scale. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0, scale = 1e-12;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / scale;
}

/**
 * Runs `f` on `backend` inside a tidy, returning its outputs as plain arrays with shapes, and the change in
 * live tensors (must be 0: kernels and ops must not leak).
 */
export async function runOn(backend: string, f: () => tf.Tensor[]): Promise<{ values: Float32Array[]; shapes: number[][]; leaked: number }> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const outs = tf.tidy(f);
  const values = outs.map((t) => t.dataSync() as Float32Array);
  const shapes = outs.map((t) => t.shape);
  tf.dispose(outs);
  return { values, shapes, leaked: tf.memory().numTensors - before };
}

/** Runs `f` on cpu and wasm and returns the worst relative error over its outputs, checking shapes and leaks. */
export async function compareWasmToCpu(f: () => tf.Tensor[]): Promise<{ error: number; leaked: number; shapesMatch: boolean }> {
  const ref = await runOn('cpu', f);
  const got = await runOn('wasm', f);
  const shapesMatch = JSON.stringify(ref.shapes) === JSON.stringify(got.shapes);
  const error = Math.max(...ref.values.map((r, i) => relativeError(got.values[i]!, r)));
  return { error, leaked: ref.leaked + got.leaked, shapesMatch };
}
