import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { compareWasmToCpu, randomValues } from './compare-backends';

// vitest runs each test file in its own process, so this file can load the threaded wasm build.
process.env.GAN_STUDIO_WASM_THREADS = '2';

describe('wasm with 2 threads in Node (opt-in: GAN_STUDIO_WASM_THREADS=2)', () => {
  it('loads the threaded build with a 2-thread pool and still trains correctly', async () => {
    const { resolveBackend } = await import('../../../src-main/engine/compute/resolve-backend');
    const { report } = await resolveBackend();
    expect(report.active).toBe('wasm');
    expect(report.threads).toBe(2);
    const r = await compareWasmToCpu(() => {
      const x = tf.tensor4d(randomValues(2 * 16 * 16 * 32, 51), [2, 16, 16, 32]);
      const f = tf.tensor4d(randomValues(4 * 4 * 32 * 64, 52), [4, 4, 32, 64]);
      const [dx, df] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same'))))([x, f]);
      return [dx!, df!, tf.matMul(tf.reshape(x, [64, 256]), tf.reshape(x, [64, 256]), true, false)];
    });
    expect(r.error).toBeLessThan(1e-4);
    expect(r.leaked).toBe(0);
  });
});
