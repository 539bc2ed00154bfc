import * as tf from '@tensorflow/tfjs';
import { loadWasmBackend } from './wasm-loader';

/** Median ms of one trial step on each backend, and whether webgpu won. */
export interface TrialResult {
  webgpuMs: number;
  wasmMs: number;
  faster: boolean;
}

/**
 * One training-shaped step: a conv (cgan28's discriminator layer 2: [B, 14, 14, 64] → 128, k4 s2), its input and
 * filter gradients, a LeakyReLU and a reduction, read back with `await data()` so the GPU queue is drained.
 */
async function step(x: tf.Tensor4D, w: tf.Tensor4D): Promise<void> {
  const g = tf.tidy(() => {
    const f = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.leakyRelu(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same'), 0.2).square().mean();
    const [dx, dw] = tf.grads(f)([x, w]);
    return tf.add(dx!.sum(), dw!.sum());
  });
  await g.data();
  g.dispose();
}

async function timeOn(backend: string, warmup: number, runs: number, batch: number): Promise<number> {
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs could not activate '${backend}'`);
  const x = tf.randomNormal([batch, 14, 14, 64]) as tf.Tensor4D;
  const w = tf.randomNormal([4, 4, 64, 128], 0, 0.05) as tf.Tensor4D;
  try {
    for (let i = 0; i < warmup; i++) await step(x, w); // shader compilation and XNNPACK packing happen here
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await step(x, w);
      times.push(performance.now() - t0);
    }
    return times.sort((a, b) => a - b)[runs >> 1]!;
  } finally {
    x.dispose();
    w.dispose();
  }
}

/**
 * Times the trial step on the registered `webgpu` backend and on wasm (loaded if needed), so that auto mode keeps
 * webgpu only where it is faster (an integrated GPU on a big CPU may not be). Leaves `webgpu` active.
 * `batch` 8 is ~0.5 GFLOP (milliseconds on a GPU, ~100 ms on wasm); tests on a software adapter pass 1.
 */
export async function trialAgainstWasm(opts: { runs?: number; batch?: number } = {}): Promise<TrialResult> {
  const runs = opts.runs ?? 3, batch = opts.batch ?? 8;
  const wasm = await loadWasmBackend();
  const webgpuMs = await timeOn('webgpu', 2, runs, batch);
  const wasmMs = wasm.ok ? await timeOn('wasm', 1, runs, batch) : Infinity;
  await tf.setBackend('webgpu');
  return { webgpuMs, wasmMs, faster: webgpuMs < wasmMs };
}
