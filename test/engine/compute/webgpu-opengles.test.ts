import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { randomValues } from './compare-backends';
import { runAsync, toleranceExcess } from './software-adapter';

describe("Dawn's OpenGL ES path on Mesa llvmpipe (GAN_STUDIO_WEBGPU_API=opengles)", () => {
  it('is found, counted as software although it is no fallback adapter, refused in auto mode and usable when forced', async () => {
    process.env.GAN_STUDIO_WEBGPU_API = 'opengles';
    const auto = await resolveBackend();
    expect(auto.report.active).toBe('wasm');
    expect(auto.report.adapter).toMatchObject({ api: 'opengles', fallback: false, software: true });
    expect(`${auto.report.adapter!.description} ${auto.report.adapter!.device}`).toMatch(/llvmpipe/);
    const forced = await resolveBackend({ force: 'webgpu' });
    expect(forced.report.active).toBe('webgpu');
    expect(forced.report.warning).toMatch(/software adapter/);
    const program = (): tf.Tensor[] => {
      const x = tf.tensor4d(randomValues(2 * 6 * 6 * 3, 1), [2, 6, 6, 3]);
      const w = tf.tensor4d(randomValues(3 * 3 * 3 * 4, 2), [3, 3, 3, 4]);
      return [tf.conv2d(x, w, 2, 'same'), tf.grad((f: tf.Tensor) => tf.sum(tf.square(tf.conv2d(x, f as tf.Tensor4D, 2, 'same'))))(w)];
    };
    const ref = await runAsync('cpu', program), got = await runAsync('webgpu', program);
    ref.values.forEach((r, i) => expect(toleranceExcess(got.values[i]!, r, 1e-4, 1e-5)).toBeLessThanOrEqual(0));
  });
});
