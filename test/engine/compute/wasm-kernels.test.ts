import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { registerWasmTrainingKernels, type BackpropFilterVariant, type BackpropInputVariant } from '../../../src-main/engine/compute/wasm-kernels';
import { makeConv2DBackpropFilterGemm } from '../../../src-main/engine/compute/wasm-kernels/conv2d-backprop-filter';
import { makeConv2DBackpropInput } from '../../../src-main/engine/compute/wasm-kernels/conv2d-backprop-input';
import { FilterCache } from '../../../src-main/engine/compute/wasm-kernels/filter-cache';
import { compareWasmToCpu, randomValues, relativeError } from './compare-backends';

type Pad = 'same' | 'valid' | number;
interface ConvCase { batch: number; h: number; w: number; cin: number; cout: number; k: number; stride: number; pad: Pad }

/** Shapes chosen to cover kernel 1–7, stride 1–2, same/valid/explicit padding, odd sizes, batch 1 and >1. */
const CONV_CASES: ConvCase[] = [
  { batch: 1, h: 5, w: 5, cin: 1, cout: 1, k: 1, stride: 1, pad: 'valid' },
  { batch: 2, h: 7, w: 6, cin: 3, cout: 4, k: 1, stride: 2, pad: 'same' },
  { batch: 1, h: 9, w: 9, cin: 2, cout: 5, k: 2, stride: 2, pad: 'valid' },
  { batch: 3, h: 8, w: 8, cin: 4, cout: 3, k: 3, stride: 1, pad: 'same' },
  { batch: 2, h: 11, w: 9, cin: 3, cout: 6, k: 3, stride: 2, pad: 'same' },
  { batch: 1, h: 16, w: 16, cin: 8, cout: 4, k: 3, stride: 2, pad: 1 },
  { batch: 2, h: 10, w: 10, cin: 5, cout: 7, k: 3, stride: 1, pad: 'valid' },
  { batch: 4, h: 14, w: 14, cin: 16, cout: 8, k: 4, stride: 2, pad: 'same' },
  { batch: 2, h: 13, w: 11, cin: 2, cout: 3, k: 4, stride: 2, pad: 'valid' },
  { batch: 1, h: 7, w: 7, cin: 6, cout: 2, k: 4, stride: 1, pad: 'same' },
  { batch: 2, h: 12, w: 12, cin: 3, cout: 5, k: 5, stride: 2, pad: 'same' },
  { batch: 1, h: 9, w: 8, cin: 4, cout: 4, k: 5, stride: 1, pad: 'valid' },
  { batch: 3, h: 15, w: 15, cin: 2, cout: 3, k: 6, stride: 2, pad: 'same' },
  { batch: 1, h: 16, w: 16, cin: 3, cout: 8, k: 7, stride: 1, pad: 'valid' },
  { batch: 2, h: 13, w: 13, cin: 5, cout: 2, k: 7, stride: 2, pad: 'same' },
  { batch: 2, h: 12, w: 12, cin: 4, cout: 6, k: 7, stride: 1, pad: 3 },
  // ≥ 16 input channels and stride 2: the input gradient runs one conv per output phase
  { batch: 2, h: 14, w: 14, cin: 20, cout: 24, k: 4, stride: 2, pad: 'same' },
  { batch: 2, h: 9, w: 11, cin: 16, cout: 8, k: 3, stride: 2, pad: 'same' },
  { batch: 1, h: 13, w: 12, cin: 16, cout: 5, k: 4, stride: 2, pad: 'valid' },
  { batch: 2, h: 10, w: 10, cin: 17, cout: 6, k: 5, stride: 2, pad: 2 },
  { batch: 1, h: 5, w: 6, cin: 16, cout: 4, k: 4, stride: 3, pad: 'valid' },
  // few dy pixels per output channel (a PatchGAN's deep layers at batch 1-2): 'auto' takes the gemm input gradient
  { batch: 1, h: 16, w: 16, cin: 16, cout: 32, k: 4, stride: 2, pad: 1 },
  { batch: 2, h: 9, w: 9, cin: 24, cout: 40, k: 3, stride: 1, pad: 'valid' },
  // an image head (many channels in, 3 out, k7 stride 1): 'auto' takes the rows filter gradient
  { batch: 2, h: 14, w: 13, cin: 16, cout: 3, k: 7, stride: 1, pad: 'valid' },
];

const sizeOf = (s: readonly number[]): number => s.reduce((x, y) => x * y, 1);
const label = (c: ConvCase): string => `x[${c.batch},${c.h},${c.w},${c.cin}] k${c.k} s${c.stride} ${c.pad} → ${c.cout}`;
const padArg = (p: Pad): 'same' | 'valid' | tf.backend_util.ExplicitPadding => (typeof p === 'number' ? [[0, 0], [p, p], [p, p], [0, 0]] : p);

/** Both conv gradients (Conv2DBackpropInput for dx, Conv2DBackpropFilter for dW) of Σ conv(x, f)·r. */
function convGrads(c: ConvCase): tf.Tensor[] {
  const x = tf.tensor4d(randomValues(c.batch * c.h * c.w * c.cin, 1), [c.batch, c.h, c.w, c.cin]);
  const f = tf.tensor4d(randomValues(c.k * c.k * c.cin * c.cout, 2), [c.k, c.k, c.cin, c.cout]);
  const y = tf.conv2d(x, f, c.stride, padArg(c.pad));
  const r = tf.tensor(randomValues(y.size, 3), y.shape);
  const [dx, df] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, padArg(c.pad)), r)))([x, f]);
  return [y, dx!, df!];
}

/** conv2dTranspose forward (Conv2DBackpropInput) from the conv's output shape back to its input shape. */
function convTransposeForward(c: ConvCase): tf.Tensor[] {
  const f = tf.tensor4d(randomValues(c.k * c.k * c.cin * c.cout, 4), [c.k, c.k, c.cin, c.cout]);
  const probe = tf.conv2d(tf.zeros([c.batch, c.h, c.w, c.cin]) as tf.Tensor4D, f, c.stride, padArg(c.pad));
  const dy = tf.tensor4d(randomValues(probe.size, 5), probe.shape as [number, number, number, number]);
  return [tf.conv2dTranspose(dy, f, [c.batch, c.h, c.w, c.cin], c.stride, padArg(c.pad))];
}

beforeAll(async () => {
  await resolveBackend({ force: 'wasm' });
});

const VARIANTS: Array<[BackpropFilterVariant, BackpropInputVariant]> = [
  ['gemm', 'auto'], ['dilated', 'auto'], ['rows', 'auto'], ['auto', 'auto'], ['auto', 'gemm'], ['auto', 'conv'],
];

describe.each(VARIANTS)('conv kernels on wasm (%s filter gradient, %s input gradient) match cpu', (filterVariant, inputVariant) => {
  it.each(CONV_CASES.map((c) => [label(c), c] as const))('%s', async (_name, c) => {
    registerWasmTrainingKernels({ backpropFilter: filterVariant, backpropInput: inputVariant });
    const grads = await compareWasmToCpu(() => convGrads(c));
    expect(grads.shapesMatch).toBe(true);
    expect(grads.error).toBeLessThan(1e-4);
    expect(grads.leaked).toBe(0);
    const tr = await compareWasmToCpu(() => convTransposeForward(c));
    expect(tr.shapesMatch).toBe(true);
    expect(tr.error).toBeLessThan(1e-4);
    expect(tr.leaked).toBe(0);
  });
});

describe('other training kernels on wasm match cpu', () => {
  it('UnsortedSegmentSum, directly and as the gradient of gather (embeddings)', async () => {
    registerWasmTrainingKernels();
    const r = await compareWasmToCpu(() => {
      const x = tf.tensor3d(randomValues(7 * 3 * 5, 6), [7, 3, 5]);
      const ids = tf.tensor1d([0, 2, 2, 5, -1, 1, 2], 'int32'); // -1 and ≥ numSegments are dropped
      const table = tf.tensor2d(randomValues(10 * 4, 7), [10, 4]);
      const labels = tf.tensor1d([3, 3, 9, 0, 1], 'int32');
      const w = tf.tensor2d(randomValues(5 * 4, 8), [5, 4]);
      const dTable = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, labels), w)))(table);
      return [tf.unsortedSegmentSum(x, ids, 6), dTable];
    });
    expect(r.error).toBeLessThan(1e-4);
    expect(r.leaked).toBe(0);
  });

  it.each([[false, false], [true, false], [false, true], [true, true]])('BatchMatMul transposeA=%s transposeB=%s, batched and 2-D', async (ta, tb) => {
    registerWasmTrainingKernels();
    const r = await compareWasmToCpu(() => {
      const a = tf.tensor3d(randomValues(3 * 5 * 7, 9), ta ? [3, 7, 5] : [3, 5, 7]);
      const b = tf.tensor3d(randomValues(3 * 7 * 4, 10), tb ? [3, 4, 7] : [3, 7, 4]);
      const a2 = tf.tensor2d(randomValues(33 * 17, 11), ta ? [17, 33] : [33, 17]);
      const b2 = tf.tensor2d(randomValues(17 * 9, 12), tb ? [9, 17] : [17, 9]);
      return [tf.matMul(a, b, ta, tb), tf.matMul(a2, b2, ta, tb)];
    });
    expect(r.shapesMatch).toBe(true);
    expect(r.error).toBeLessThan(1e-4);
    expect(r.leaked).toBe(0);
  });

  it.each([[[4, 5, 6, 1], [4, 5, 6, 2], 3], [[3, 7, 2], [3, 7, 9], 2], [[2, 3], [5, 3], 0], [[6, 40], [6, 1], 1]] as const)(
    'Concat and SplitV (its gradient) of %j and %j on axis %i', async (sa, sb, axis) => {
      registerWasmTrainingKernels();
      const r = await compareWasmToCpu(() => {
        const a = tf.tensor(randomValues(sizeOf(sa), 13), [...sa] as number[]);
        const b = tf.tensor(randomValues(sizeOf(sb), 14), [...sb] as number[]);
        const joined = tf.concat([a, b, a], axis);
        const w = tf.tensor(randomValues(joined.size, 15), joined.shape);
        const [da, db] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.concat([x, y, x], axis), w)))([a, b]);
        return [joined, da!, db!, ...tf.split(joined, [sa[axis]!, sb[axis]!, sa[axis]!], axis)];
      });
      expect(r.shapesMatch).toBe(true);
      expect(r.error).toBeLessThan(1e-6);
      expect(r.leaked).toBe(0);
    });

  it.each([
    [[4, 5, 6, 3], [0, 1, 2], false], [[4, 5, 6, 3], [1, 2], true], [[4, 5, 6, 3], [0], false], [[7, 9], [0], true],
    [[4, 5, 6, 3], [3], false], [[4, 5, 6, 3], [0, 2], true], [[2, 300, 40], [1], false],
  ] as const)('Sum and Mean of x%j over axes %j (keepDims %s)', async (shape, axes, keepDims) => {
    registerWasmTrainingKernels();
    const r = await compareWasmToCpu(() => {
      const x = tf.tensor(randomValues(sizeOf(shape), 16), [...shape] as number[]);
      return [tf.sum(x, [...axes], keepDims), tf.mean(x, [...axes], keepDims)];
    });
    expect(r.shapesMatch).toBe(true);
    expect(r.error).toBeLessThan(1e-5);
    expect(r.leaked).toBe(0);
  });

  it('LeakyRelu (PReLU) and its gradient (our branchless kernel) match cpu, zeros and -0 included', async () => {
    registerWasmTrainingKernels();
    const values = randomValues(4 * 9 * 9 * 8, 71);
    values[0] = 0;
    values[1] = -0;
    values[2] = 1e-40; // a denormal: still > 0
    values[3] = -1e-40;
    const r = await compareWasmToCpu(() => {
      const x = tf.tensor4d(values, [4, 9, 9, 8]);
      const w = tf.tensor4d(randomValues(values.length, 72), [4, 9, 9, 8]);
      const f = (t: tf.Tensor): tf.Scalar => tf.sum(tf.mul(tf.leakyRelu(t, 0.2), w));
      return [tf.leakyRelu(x, 0.2), tf.leakyRelu(x, 0.01), tf.grad(f)(x)];
    });
    expect(r.shapesMatch).toBe(true);
    expect(r.error).toBeLessThan(1e-7); // cpu's forward multiplies by α as a double, we (and stock wasm) by float32 α
    expect(r.leaked).toBe(0);
    expect(tf.getKernel('GanStudioLeakyReluGrad', 'cpu')).toBeUndefined(); // cpu keeps tfjs' own gradient
  });

  it('the gemm filter gradient splits large batches into chunks and sums them exactly', async () => {
    // a 1000-float budget forces one or two images per chunk on these shapes
    tf.registerKernel({ kernelName: 'TestChunkedBackpropFilter', backendName: 'wasm', kernelFunc: makeConv2DBackpropFilterGemm(1000) as unknown as tf.KernelFunc });
    for (const c of [CONV_CASES[4]!, CONV_CASES[7]!, CONV_CASES[12]!]) {
      const x = randomValues(c.batch * c.h * c.w * c.cin, 61);
      const attrs = { strides: [c.stride, c.stride], pad: padArg(c.pad), dataFormat: 'NHWC', filterShape: [c.k, c.k, c.cin, c.cout] };
      const run = async (backend: string, kernel: string): Promise<Float32Array> => {
        await tf.setBackend(backend);
        return tf.tidy(() => {
          const xt = tf.tensor4d(x, [c.batch, c.h, c.w, c.cin]);
          const y = tf.conv2d(xt, tf.zeros([c.k, c.k, c.cin, c.cout]) as tf.Tensor4D, c.stride, padArg(c.pad));
          const dy = tf.tensor(randomValues(y.size, 62), y.shape);
          return (tf.engine().runKernel(kernel, { x: xt, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor).dataSync() as Float32Array;
        });
      };
      const ref = await run('cpu', 'Conv2DBackpropFilter');
      const before = tf.memory().numTensors;
      const got = await run('wasm', 'TestChunkedBackpropFilter');
      expect(tf.memory().numTensors).toBe(before);
      expect(relativeError(got, ref)).toBeLessThan(1e-4);
    }
    tf.unregisterKernel('TestChunkedBackpropFilter', 'wasm');
  });

  it('the input gradient reuses a filter\'s transformed copies (a clone too), right for any dy, freed with the filter', async () => {
    registerWasmTrainingKernels({ backpropInput: 'conv' });
    // the same filters at two spatial sizes (other conv paddings) and twice each: hits must give cpu's answer; a
    // clone (what tfjs hands a gradient) is a hit too
    const cases: ConvCase[] = [
      { batch: 1, h: 12, w: 12, cin: 16, cout: 8, k: 4, stride: 2, pad: 1 }, // phases
      { batch: 2, h: 9, w: 7, cin: 16, cout: 8, k: 4, stride: 2, pad: 1 },
      { batch: 1, h: 10, w: 10, cin: 6, cout: 5, k: 3, stride: 1, pad: 'valid' }, // one flipped filter
      { batch: 2, h: 7, w: 9, cin: 6, cout: 5, k: 3, stride: 1, pad: 'valid' },
    ];
    const r = await compareWasmToCpu(() => {
      const outs: tf.Tensor[] = [];
      for (const [i, c] of cases.entries()) {
        const f = tf.tensor4d(randomValues(c.k * c.k * c.cin * c.cout, 80 + (i >> 1)), [c.k, c.k, c.cin, c.cout]);
        const dyShape = tf.conv2d(tf.zeros([c.batch, c.h, c.w, c.cin]) as tf.Tensor4D, f, c.stride, padArg(c.pad)).shape;
        const dy = tf.tensor4d(randomValues(sizeOf(dyShape), 90 + i), dyShape);
        for (const fi of [f, tf.clone(f)]) outs.push(tf.conv2dTranspose(dy, fi, [c.batch, c.h, c.w, c.cin], c.stride, padArg(c.pad)));
      }
      // same bytes, other shape: must not be taken for the [3, 3, 6, 5] filter above
      const f2 = tf.tensor4d(randomValues(3 * 3 * 6 * 5, 81), [3, 3, 5, 6]);
      outs.push(tf.conv2dTranspose(tf.tensor4d(randomValues(2 * 8 * 8 * 6, 99), [2, 8, 8, 6]), f2, [2, 10, 10, 5], 1, 'valid'));
      return outs;
    });
    expect(r.shapesMatch).toBe(true);
    expect(r.error).toBeLessThan(1e-4);
    registerWasmTrainingKernels();
    // a fresh filter every call (an optimizer replaces weights each step): a freed filter's copies go at the next call
    await tf.setBackend('wasm');
    const c = cases[0]!;
    const cache = new FilterCache();
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const counts: number[] = [];
    tf.registerKernel({ kernelName: 'TestCachedBackpropInput', backendName: 'wasm', kernelFunc: makeConv2DBackpropInput(cache) as unknown as tf.KernelFunc });
    const attrs = { strides: [2, 2], pad: padArg(c.pad), dataFormat: 'NHWC', inputShape: [c.batch, c.h, c.w, c.cin] };
    for (let i = 0; i < 6; i++) {
      tf.tidy(() => {
        const f = tf.tensor4d(randomValues(c.k * c.k * c.cin * c.cout, 100 + i), [c.k, c.k, c.cin, c.cout]);
        (tf.engine().runKernel('TestCachedBackpropInput', { dy: tf.ones([c.batch, 6, 6, c.cout]), filter: f }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor).dataSync();
      });
      expect(cache.size).toBe(1);
      counts.push(backend.numDataIds());
    }
    expect(new Set(counts).size).toBe(1);
    cache.clear(tf.backend() as never);
    expect(backend.numDataIds()).toBe(counts[0]! - 4); // the last filter's four phase filters
    tf.unregisterKernel('TestCachedBackpropInput', 'wasm');
  });

  it('Identity (every tensor saved for a gradient) shares the buffer, which lives until its last tensor goes', async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const before = backend.numDataIds();
    const x = tf.tensor2d([[1, -2], [3, 4.5]]);
    const y = tf.clone(x);
    expect(backend.numDataIds()).toBe(before + 1);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, -2, 3, 4.5]);
    expect(tf.tidy(() => Array.from(tf.mul(y, 2).dataSync()))).toEqual([2, -4, 6, 9]);
    y.dispose();
    expect(backend.numDataIds()).toBe(before);
  });

  it('registration is idempotent', () => {
    registerWasmTrainingKernels();
    const k = tf.getKernel('Conv2DBackpropInput', 'wasm');
    registerWasmTrainingKernels();
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')).toBe(k);
  });
});
