import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';

/** Debian's chromium ships SwiftShader (Vulkan on the CPU), its ICD json and a Vulkan loader in one folder. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * Points Dawn at SwiftShader unless VK_ICD_FILENAMES already names a driver (CI's .ci/run sets it). Call before
 * anything resolves the webgpu backend: the adapter search is memoised per process. Throws, with what to install,
 * when chromium is missing, so these tests fail rather than pass without running.
 */
export function useSoftwareAdapter(): void {
  if (process.env.VK_ICD_FILENAMES) return;
  if (!existsSync(SWIFTSHADER_ICD)) {
    throw new Error(`the WebGPU tests need SwiftShader: apt-get install chromium (for ${SWIFTSHADER_ICD}), or set VK_ICD_FILENAMES`);
  }
  process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
}

/** Runs `f` on `backend` in a tidy and reads its outputs with `await data()` (webgpu has no sync read in Node). */
export async function runAsync(backend: string, f: () => tf.Tensor[]): Promise<{ values: Float32Array[]; shapes: number[][]; leaked: number }> {
  if (!(await tf.setBackend(backend))) throw new Error(`could not activate ${backend}`);
  const before = tf.memory().numTensors;
  const outs = tf.tidy(f);
  const values = await Promise.all(outs.map(async (t) => (await t.data()) as Float32Array));
  const shapes = outs.map((t) => t.shape);
  tf.dispose(outs);
  return { values, shapes, leaked: tf.memory().numTensors - before };
}

/**
 * Worst excess of |got − ref| over the tolerance `rel·max|ref| + abs`, per output (≤ 0 everywhere: within
 * tolerance). The absolute part covers outputs whose true value is zero (e.g. the gradient of a bias that feeds
 * batch norm), where a relative error is meaningless.
 */
export function toleranceExcess(got: ArrayLike<number>, ref: ArrayLike<number>, rel: number, abs: number): number {
  if (got.length !== ref.length) return Infinity;
  let diff = 0, scale = 0;
  for (let i = 0; i < ref.length; i++) {
    if (!Number.isFinite(got[i]!)) return Infinity;
    diff = Math.max(diff, Math.abs(got[i]! - ref[i]!));
    scale = Math.max(scale, Math.abs(ref[i]!));
  }
  return diff - (rel * scale + abs);
}
