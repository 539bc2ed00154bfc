import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAdam } from '../../../src-main/engine/compute/ops/adam';
import { conv, dense } from '../../../src-main/engine/compute/ops/layers';
import { batchNormTrain, instanceNorm } from '../../../src-main/engine/compute/ops/norms';
import { reflectionPad } from '../../../src-main/engine/compute/ops/reflection-pad';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { compareWasmToCpu, randomValues, relativeError } from './compare-backends';

/** Reflection padding from slices, reverses and concats only: autograd differentiates it exactly. */
function referenceReflectionPad(x: tf.Tensor4D, p: number): tf.Tensor4D {
  const [, H, W] = x.shape;
  const padAxis = (t: tf.Tensor4D, axis: 1 | 2, n: number): tf.Tensor4D => {
    const begin = (s: number): number[] => (axis === 1 ? [0, s, 0, 0] : [0, 0, s, 0]);
    const size = axis === 1 ? [-1, p, -1, -1] : [-1, -1, p, -1];
    const head = tf.reverse(tf.slice(t, begin(1), size), axis);
    const tail = tf.reverse(tf.slice(t, begin(n - 1 - p), size), axis);
    return tf.concat([head, t, tail], axis);
  };
  return padAxis(padAxis(x, 2, W), 1, H);
}

beforeAll(async () => {
  await resolveBackend({ force: 'wasm' });
});

describe('reflectionPad', () => {
  it.each([[1, 4, 5, 3, 1], [2, 7, 6, 2, 3], [1, 8, 8, 4, 3], [3, 5, 9, 1, 2]])(
    'x[%i,%i,%i,%i] pad %i: values and gradient equal the slice-and-concat reference, on both backends',
    async (b, h, w, c, p) => {
      const shape: [number, number, number, number] = [b, h, w, c];
      const x = (): tf.Tensor4D => tf.tensor4d(randomValues(b * h * w * c, 21), shape);
      const r = (): tf.Tensor => tf.tensor(randomValues(b * (h + 2 * p) * (w + 2 * p) * c, 22), [b, h + 2 * p, w + 2 * p, c]);
      for (const backend of ['cpu', 'wasm']) {
        await tf.setBackend(backend);
        const before = tf.memory().numTensors;
        tf.tidy(() => {
          const ours = reflectionPad(x(), p), ref = referenceReflectionPad(x(), p);
          expect(relativeError(ours.dataSync(), ref.dataSync())).toBe(0);
          const rr = r();
          const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(reflectionPad(t as tf.Tensor4D, p), rr)))(x());
          const gRef = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(referenceReflectionPad(t as tf.Tensor4D, p), rr)))(x());
          expect(relativeError(g.dataSync(), gRef.dataSync())).toBeLessThan(1e-6);
        });
        expect(tf.memory().numTensors).toBe(before);
      }
    });
});

describe('norms: forward and gradients on wasm match cpu', () => {
  const gammaBeta = (c: number): [tf.Tensor1D, tf.Tensor1D] => [tf.tensor1d(randomValues(c, 31)), tf.tensor1d(randomValues(c, 32))];
  // the last case has a mean far from 0 and a small spread: the variance must not cancel
  it.each([[1, 8, 8, 4, 0], [3, 5, 7, 6, 0], [2, 16, 16, 32, 50], [2, 1, 1, 4, 0]])('instanceNorm x[%i,%i,%i,%i] + %i', async (b, h, w, c, shift) => {
    const r = await compareWasmToCpu(() => {
      const x = tf.add(tf.tensor4d(randomValues(b * h * w * c, 33), [b, h, w, c]), shift) as tf.Tensor4D;
      const [g, be] = gammaBeta(c);
      const rr = tf.tensor4d(randomValues(b * h * w * c, 34), [b, h, w, c]);
      const f = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor): tf.Tensor =>
        tf.sum(tf.mul(instanceNorm(xx as tf.Tensor4D, { gamma: gg as tf.Variable, beta: bb as tf.Variable }), rr));
      return [instanceNorm(x, { gamma: g as tf.Variable, beta: be as tf.Variable }), ...tf.grads(f)([x, g, be])];
    });
    expect(r.error).toBeLessThan(1e-4);
    expect(r.leaked).toBe(0);
  });
  it.each([[4, 5, 5, 3], [2, 7, 7, 8], [16, 14, 14, 64]])('batchNormTrain x[%i,%i,%i,%i]', async (b, h, w, c) => {
    const r = await compareWasmToCpu(() => {
      const x = tf.tensor4d(randomValues(b * h * w * c, 35), [b, h, w, c]);
      const [g, be] = gammaBeta(c);
      const rr = tf.tensor4d(randomValues(b * h * w * c, 36), [b, h, w, c]);
      const f = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor): tf.Tensor =>
        tf.sum(tf.mul(batchNormTrain(xx as tf.Tensor4D, { gamma: gg as tf.Variable, beta: bb as tf.Variable }), rr));
      return [batchNormTrain(x, { gamma: g as tf.Variable, beta: be as tf.Variable }), ...tf.grads(f)([x, g, be])];
    });
    expect(r.error).toBeLessThan(1e-4);
    expect(r.leaked).toBe(0);
  });
});

/** Plain-ops normalisation that autograd differentiates: the reference for the custom gradient. */
function referenceNorm(x: tf.Tensor4D, g: tf.Tensor, b: tf.Tensor, axes: number[]): tf.Tensor {
  const { mean, variance } = tf.moments(x, axes, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), g), b);
}

describe('norms: the custom gradient equals autograd of the plain formula', () => {
  it.each([['batch', [0, 1, 2], batchNormTrain], ['instance', [1, 2], instanceNorm]] as const)('%s norm', async (_n, axes, norm) => {
    await tf.setBackend('cpu');
    const [b, h, w, c] = [3, 5, 4, 6];
    tf.tidy(() => {
      const x = tf.tensor4d(randomValues(b * h * w * c, 41), [b, h, w, c]);
      const g = tf.tensor1d(randomValues(c, 42)), be = tf.tensor1d(randomValues(c, 43));
      const r = tf.tensor4d(randomValues(b * h * w * c, 44), [b, h, w, c]);
      const ours = tf.grads((xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) =>
        tf.sum(tf.mul(norm(xx as tf.Tensor4D, { gamma: gg as tf.Variable, beta: bb as tf.Variable }), r)))([x, g, be]);
      const ref = tf.grads((xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) =>
        tf.sum(tf.mul(referenceNorm(xx as tf.Tensor4D, gg, bb, [...axes]), r)))([x, g, be]);
      ours.forEach((t, i) => expect(relativeError(t.dataSync(), ref[i]!.dataSync())).toBeLessThan(1e-4));
      expect(relativeError(norm(x, { gamma: g as tf.Variable, beta: be as tf.Variable }).dataSync(),
        referenceNorm(x, g, be, [...axes]).dataSync())).toBeLessThan(1e-5);
    });
  });
});

describe('createAdam', () => {
  it('matches a hand-computed first step (PyTorch formulation) and frees its moments', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const w = tf.tidy(() => tf.variable(tf.tensor1d([1, -2, 3])));
    const adam = createAdam([w]);
    const g = tf.tensor1d([0.5, -1, 0]);
    adam.apply([g]);
    // step 1: m̂ = g, v̂ = g², update = lr·g/(|g| + ε) = lr·sign(g) where g ≠ 0
    const got = w.dataSync();
    expect(got[0]).toBeCloseTo(1 - 2e-4, 6);
    expect(got[1]).toBeCloseTo(-2 + 2e-4, 6);
    expect(got[2]).toBeCloseTo(3, 6);
    g.dispose();
    adam.dispose();
    w.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('fused wasm update (GanStudioAdamUpdate) matches the op-by-op update on cpu over 3 steps, without leaks', async () => {
    const run = async (backend: string): Promise<{ values: Float32Array[]; leaked: number; calls: number }> => {
      await tf.setBackend(backend);
      const before = tf.memory().numTensors;
      const w = tf.tidy(() => [tf.variable(tf.tensor2d(randomValues(60, 11), [6, 10])), tf.variable(tf.tensor1d(randomValues(7, 12)))]);
      const adam = createAdam(w);
      const profile = await tf.profile(() => {
        for (let s = 0; s < 3; s++) {
          const grads = [tf.tensor2d(randomValues(60, 20 + s), [6, 10]), tf.tensor1d(randomValues(7, 30 + s))];
          adam.apply(grads);
          tf.dispose(grads);
        }
      });
      const values = [...w, ...adam.m, ...adam.v].map((t) => t.dataSync() as Float32Array);
      adam.dispose();
      tf.dispose(w);
      return { values, leaked: tf.memory().numTensors - before, calls: profile.kernels.length };
    };
    const ref = await run('cpu');
    const got = await run('wasm');
    got.values.forEach((v, i) => expect(relativeError(v, ref.values[i]!)).toBeLessThan(1e-5));
    expect(ref.leaked).toBe(0);
    expect(got.leaked).toBe(0);
    expect(got.calls).toBe(3 * 2); // one kernel call per variable and step
  });
});

describe('conv and dense: fused kernels with prunable gradients', () => {
  it.each(['cpu', 'wasm'])('on %s: gradients equal autograd of conv2d + bias and matMul + bias', async (backend) => {
    await tf.setBackend(backend);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const x = tf.tensor4d(randomValues(2 * 9 * 9 * 5, 81), [2, 9, 9, 5]);
      const p = { filter: tf.tensor4d(randomValues(4 * 4 * 5 * 6, 82), [4, 4, 5, 6]) as unknown as tf.Variable, bias: tf.tensor1d(randomValues(6, 83)) as unknown as tf.Variable };
      const r = tf.tensor4d(randomValues(2 * 4 * 4 * 6, 84), [2, 4, 4, 6]);
      const ours = tf.grads((a: tf.Tensor, f: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(conv(a as tf.Tensor4D, { filter: f as tf.Variable, bias: b as tf.Variable }, 2, 1), r)))([x, p.filter, p.bias]);
      const ref = tf.grads((a: tf.Tensor, f: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(tf.add(tf.conv2d(a as tf.Tensor4D, f as tf.Tensor4D, 2, [[0, 0], [1, 1], [1, 1], [0, 0]]), b), r)))([x, p.filter, p.bias]);
      ours.forEach((t, i) => expect(relativeError(t.dataSync(), ref[i]!.dataSync())).toBeLessThan(1e-5));

      const m = tf.tensor2d(randomValues(3 * 7, 85), [3, 7]);
      const k = tf.tensor2d(randomValues(7 * 4, 86), [7, 4]), bb = tf.tensor1d(randomValues(4, 87));
      const rm = tf.tensor2d(randomValues(12, 88), [3, 4]);
      const dOurs = tf.grads((a: tf.Tensor, w: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(dense(a as tf.Tensor2D, { kernel: w as tf.Variable, bias: b as tf.Variable }), rm)))([m, k, bb]);
      const dRef = tf.grads((a: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.add(tf.matMul(a, w), b), rm)))([m, k, bb]);
      dOurs.forEach((t, i) => expect(relativeError(t.dataSync(), dRef[i]!.dataSync())).toBeLessThan(1e-5));
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('differentiating only the input computes no filter, kernel or bias gradient (a G update through D)', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor4d(randomValues(2 * 8 * 8 * 3, 91), [2, 8, 8, 3]);
    const p = { filter: tf.variable(tf.tensor4d(randomValues(4 * 4 * 3 * 4, 92), [4, 4, 3, 4])), bias: tf.variable(tf.zeros([4])) };
    const d = { kernel: tf.variable(tf.tensor2d(randomValues(64 * 1, 93), [64, 1])), bias: tf.variable(tf.zeros([1])) };
    const info = await tf.profile(() => tf.grad((a: tf.Tensor) =>
      tf.sum(dense(tf.reshape(conv(a as tf.Tensor4D, p, 2, 'same'), [2, 64]) as tf.Tensor2D, d)))(x));
    const kernels = info.kernels.map((k) => k.name);
    expect(kernels).toContain('Conv2DBackpropInput');
    expect(kernels).not.toContain('Conv2DBackpropFilter');
    expect(kernels.filter((k) => k === 'BatchMatMul')).toHaveLength(1); // dx only, no dW
    tf.dispose([x, p.filter, p.bias, d.kernel, d.bias]);
    (info.result as tf.Tensor).dispose();
  });
});
