import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instanceNorm } from '../../../src-main/engine/compute/ops/norms';
import { reflectionPad } from '../../../src-main/engine/compute/ops/reflection-pad';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';

/**
 * The CycleGAN's instance norm and reflection padding (compute/ops, custom gradients) against a reference computed
 * another way: tfjs autograd of the plain formula on the cpu backend (moments for the norm, index gathers for
 * the padding), for the gradients of ⟨y, w⟩ with a random w.
 */
let active = '';
beforeAll(async () => {
  await resolveBackend();
  active = tf.getBackend(); // never cpu: resolveBackend does not choose it
});
afterAll(async () => {
  await tf.setBackend(active);
});

const rand = (shape: number[], seed: number): Float32Array => tf.tidy(() => tf.randomNormal(shape, 0, 1, 'float32', seed).dataSync() as Float32Array);

async function onCpu<T>(f: () => T): Promise<T> {
  const was = tf.getBackend();
  await tf.setBackend('cpu');
  try {
    return f();
  } finally {
    await tf.setBackend(was);
  }
}

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): void {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  expect(worst).toBeLessThan(tol);
}

describe('instance norm gradient', () => {
  it('matches autograd of (x − mean)/√(var + ε)·γ + β per sample and channel (cpu)', async () => {
    const shape = [2, 5, 4, 3];
    const x = rand(shape, 1), w = rand(shape, 2), g = rand([3], 3), b = rand([3], 4);
    const grads = (f: (x: tf.Tensor4D, g: tf.Tensor1D, b: tf.Tensor1D) => tf.Tensor4D) => tf.tidy(() => {
      const loss = (xi: tf.Tensor, gi: tf.Tensor, bi: tf.Tensor) => tf.sum(tf.mul(f(xi as tf.Tensor4D, gi as tf.Tensor1D, bi as tf.Tensor1D), tf.tensor4d(w, shape as [number, number, number, number])));
      return tf.grads(loss)([tf.tensor(x, shape), tf.tensor1d(g), tf.tensor1d(b)]).map((t) => t.dataSync() as Float32Array);
    });
    const before = tf.memory().numTensors;
    const ours = grads((xi, gi, bi) => instanceNorm(xi, { gamma: gi as unknown as tf.Variable, beta: bi as unknown as tf.Variable }));
    expect(tf.memory().numTensors).toBe(before);
    const ref = await onCpu(() => grads((xi, gi, bi) => {
      const { mean, variance } = tf.moments(xi, [1, 2], true);
      return tf.add(tf.mul(tf.div(tf.sub(xi, mean), tf.sqrt(tf.add(variance, 1e-5))), gi), bi) as tf.Tensor4D;
    }));
    ours.forEach((o, i) => expectClose(o, ref[i]!, 1e-3));
  });
});

describe('reflection padding gradient', () => {
  /** PyTorch ReflectionPad2d as index gathers: padded i ↦ |i − p| reflected at n − 1. */
  const reflectIndex = (n: number, p: number): number[] => Array.from({ length: n + 2 * p }, (_, i) => {
    const j = Math.abs(i - p);
    return j < n ? j : 2 * (n - 1) - j;
  });

  for (const p of [1, 3]) {
    it(`pad ${p}: forward and gradient match gathers' autograd (cpu)`, async () => {
      const shape: [number, number, number, number] = [2, 7, 5, 3];
      const x = rand(shape, 5);
      const outShape = [2, 7 + 2 * p, 5 + 2 * p, 3];
      const w = rand(outShape, 6);
      const run = (f: (x: tf.Tensor4D) => tf.Tensor4D) => tf.tidy(() => {
        const xt = tf.tensor4d(x, shape);
        const y = f(xt).dataSync() as Float32Array;
        const dx = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(f(xi as tf.Tensor4D), tf.tensor(w, outShape))))(xt).dataSync() as Float32Array;
        return { y, dx };
      });
      const ours = run((xi) => reflectionPad(xi, p));
      const ref = await onCpu(() => run((xi) => tf.gather(tf.gather(xi, reflectIndex(7, p), 1), reflectIndex(5, p), 2) as tf.Tensor4D));
      expectClose(ours.y, ref.y, 1e-6);
      expectClose(ours.dx, ref.dx, 1e-4);
    });
  }
});
