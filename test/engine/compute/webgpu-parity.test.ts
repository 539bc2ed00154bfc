import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAdam } from '../../../src-main/engine/compute/ops/adam';
import { conv, convTranspose, dense } from '../../../src-main/engine/compute/ops/layers';
import { bceWithLogits, l1, mseTo } from '../../../src-main/engine/compute/ops/losses';
import { batchNormTrain, instanceNorm } from '../../../src-main/engine/compute/ops/norms';
import { reflectionPad } from '../../../src-main/engine/compute/ops/reflection-pad';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { randomValues } from './compare-backends';
import { runAsync, toleranceExcess, useSoftwareAdapter } from './software-adapter';

/** Relative tolerance (fp32 on a different summation order) and the absolute one for true zeros. */
const REL = 1e-4, ABS = 1e-5;

const t4 = (shape: [number, number, number, number], seed: number, scale = 1): tf.Tensor4D =>
  tf.mul(tf.tensor4d(randomValues(shape.reduce((a, b) => a * b), seed), shape), scale) as tf.Tensor4D;
const t1 = (n: number, seed: number, scale = 1): tf.Tensor1D => tf.mul(tf.tensor1d(randomValues(n, seed)), scale) as tf.Tensor1D;
const t2 = (shape: [number, number], seed: number, scale = 1): tf.Tensor2D => tf.mul(tf.tensor2d(randomValues(shape[0] * shape[1], seed), shape), scale) as tf.Tensor2D;

/**
 * `f` maps inputs to a scalar loss. Compares, on webgpu against cpu, the loss's inputs' forward value (`probe`),
 * and the gradient of a random projection of the output with respect to every input.
 */
async function expectParity(inputs: () => tf.Tensor[], f: (...xs: tf.Tensor[]) => tf.Tensor, rel = REL, abs = ABS): Promise<void> {
  const program = (): tf.Tensor[] => {
    const xs = inputs();
    const y = f(...xs);
    const w = tf.tensor(randomValues(y.size, 99), y.shape);
    const grads = tf.grads((...a: tf.Tensor[]) => tf.sum(tf.mul(f(...a), w)))(xs);
    return [y, ...grads];
  };
  const ref = await runAsync('cpu', program);
  const got = await runAsync('webgpu', program);
  expect(got.shapes).toEqual(ref.shapes);
  expect(got.leaked).toBe(0);
  ref.values.forEach((r, i) => {
    const excess = toleranceExcess(got.values[i]!, r, rel, abs);
    expect(excess, `output ${i} (0 = forward, then gradients in input order)`).toBeLessThanOrEqual(0);
  });
}

beforeAll(async () => {
  useSoftwareAdapter();
  const { report } = await resolveBackend({ force: 'webgpu' });
  expect(report.active).toBe('webgpu');
});

describe('webgpu kernels and gradients equal cpu on the software adapter', () => {
  it('conv (FusedConv2D): stride 2 same, and stride 1 with PyTorch padding', async () => {
    for (const [stride, pad] of [[2, 'same'], [1, 1]] as const) {
      await expectParity(() => [t4([2, 6, 6, 3], 1), t4([3, 3, 3, 4], 2, 0.3), t1(4, 3)],
        (x, w, b) => conv(x as tf.Tensor4D, { filter: w, bias: b } as never, stride, pad));
    }
  });

  it('conv2dTranspose + bias, k4 s2 (the generators\' upsampling)', async () => {
    await expectParity(() => [t4([2, 3, 3, 4], 4), t4([4, 4, 3, 4], 5, 0.3), t1(3, 6)],
      (x, w, b) => convTranspose(x as tf.Tensor4D, { filter: w, bias: b } as never, [2, 6, 6, 3], 2, 'same'));
  });

  it('batch norm (the repo\'s op) after a conv-transpose: the bias gradient is zero, checked absolutely', async () => {
    await expectParity(() => [t4([2, 3, 3, 4], 7), t4([4, 4, 3, 4], 8, 0.3), t1(3, 9), t1(3, 10, 0.5), t1(3, 11)],
      (x, w, b, g, beta) => batchNormTrain(convTranspose(x as tf.Tensor4D, { filter: w, bias: b } as never, [2, 6, 6, 3], 2, 'same'),
        { gamma: tf.add(g!, 1), beta } as never));
  });

  it('instance norm and reflection pad (CycleGAN)', async () => {
    await expectParity(() => [t4([2, 5, 5, 3], 12), t1(3, 13, 0.5), t1(3, 14)],
      (x, g, beta) => instanceNorm(reflectionPad(x as tf.Tensor4D, 2), { gamma: tf.add(g!, 1), beta } as never));
  });

  it('leakyRelu, relu and tanh', async () => {
    await expectParity(() => [t4([2, 4, 4, 3], 15, 2)], (x) => tf.tanh(tf.add(tf.leakyRelu(x!, 0.2), tf.relu(tf.neg(x!)))));
  });

  it('losses: sigmoid cross-entropy on logits (both targets), least squares, L1', async () => {
    await expectParity(() => [t2([4, 1], 16, 3), t2([4, 1], 17)],
      (a, b) => tf.stack([bceWithLogits(a!, 1), bceWithLogits(a!, 0), mseTo(a!, 1), mseTo(a!, 0), l1(a!, b!)]));
  });

  it('dense (fused matMul + bias) and a plain matMul', async () => {
    await expectParity(() => [t2([3, 5], 18), t2([5, 4], 19, 0.5), t1(4, 20), t2([4, 2], 21)],
      (x, k, b, k2) => tf.matMul(dense(x as tf.Tensor2D, { kernel: k, bias: b } as never), k2 as tf.Tensor2D));
  });

  it('gather (label embedding, gradient through UnsortedSegmentSum), concat and split', async () => {
    await expectParity(() => [t2([10, 3], 22), t4([3, 2, 2, 1], 23)], (table, img) => {
      const emb = tf.gather(table!, tf.tensor1d([3, 0, 3], 'int32')); // [3, 3], a repeated label sums its gradient
      const maps = tf.reshape(tf.tile(emb, [1, 4]), [3, 2, 2, 3]);
      const both = tf.concat([img!, maps], 3); // [3, 2, 2, 4]
      const [left, right] = tf.split(both, [1, 3], 3);
      return tf.mul(tf.sum(left!, 3), tf.sum(right!, 3));
    });
  });

  it('Adam updates (compute/ops/adam.ts): two steps give the same variables and moments', async () => {
    const run = async (backend: string): Promise<Float32Array[]> => {
      await tf.setBackend(backend);
      const vars = [tf.variable(tf.tensor1d(randomValues(6, 24))), tf.variable(tf.tensor2d(randomValues(6, 25), [2, 3]))];
      const adam = createAdam(vars);
      for (const seed of [26, 27]) {
        const grads = vars.map((v, i) => tf.tensor(randomValues(v.size, seed + 10 * i), v.shape));
        adam.apply(grads);
        tf.dispose(grads);
      }
      const out = await Promise.all([...vars, ...adam.m, ...adam.v].map(async (t) => (await t.data()) as Float32Array));
      adam.dispose();
      tf.dispose(vars);
      return out;
    };
    const ref = await run('cpu');
    const got = await run('webgpu');
    ref.forEach((r, i) => expect(toleranceExcess(got[i]!, r, REL, ABS)).toBeLessThanOrEqual(0));
  });
});
