import * as tf from '@tensorflow/tfjs';
import { attr, stockKernel, type KernelArgs, type TensorInfo } from './kernel-helpers';

/** Below this many contiguous elements per copy, an element loop beats `TypedArray.set(subarray)` calls. */
const SMALL_RUN = 32;

/** Rows before `axis` and elements from `axis` on: the 2-D view every concat/split reduces to. */
function split2d(shape: number[], axis: number): [number, number] {
  return [shape.slice(0, axis).reduce((a, b) => a * b, 1), shape.slice(axis).reduce((a, b) => a * b, 1)];
}

/**
 * `Concat` for wasm. The stock kernel copies with one `subarray`+`set` per row and input, which for a channel
 * concat of 1-channel maps (the cGAN discriminator's label channel) is 100k tiny calls per batch (measured ~10 ms
 * per call at [64, 28, 28, 2]). Small runs are copied element by element instead; the rest goes to the stock kernel.
 */
export function makeConcat(): (args: KernelArgs) => TensorInfo {
  const stock = stockKernel('Concat');
  return (args) => {
    const { inputs, backend } = args;
    const list = (inputs as unknown as TensorInfo[]).filter((t) => t.shape.every((d) => d > 0));
    const first = list[0];
    if (!first || list.length < 2 || first.dtype === 'string') return stock(args);
    const axis = tf.util.parseAxisParam(attr<number>(args.attrs, 'axis'), first.shape)[0]!;
    const inners = list.map((t) => split2d(t.shape, axis)[1]);
    if (Math.min(...inners) >= SMALL_RUN) return stock(args);
    const outShape = tf.backend_util.computeOutShape(list.map((t) => t.shape), axis);
    const out = backend.makeOutput(outShape, first.dtype);
    const o = backend.typedArrayFromHeap(out);
    const rows = split2d(first.shape, axis)[0];
    const total = inners.reduce((a, b) => a + b, 0);
    list.forEach((t, k) => {
      const v = backend.typedArrayFromHeap(t), inner = inners[k]!;
      const offset = inners.slice(0, k).reduce((a, b) => a + b, 0);
      for (let r = 0; r < rows; r++) {
        const ob = r * total + offset, ib = r * inner;
        for (let j = 0; j < inner; j++) o[ob + j] = v[ib + j]!;
      }
    });
    return out;
  };
}

/** `SplitV` for wasm, the gradient of concat: same small-run problem, same element loop. */
export function makeSplitV(): (args: KernelArgs) => TensorInfo[] {
  const stock = stockKernel('SplitV') as unknown as (args: KernelArgs) => TensorInfo[];
  return (args) => {
    const { backend } = args;
    const x = args.inputs.x as TensorInfo;
    const axis = tf.util.parseAxisParam(attr<number>(args.attrs, 'axis'), x.shape)[0]!;
    const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, attr<number[] | number>(args.attrs, 'numOrSizeSplits'), axis);
    const [rows, total] = split2d(x.shape, axis);
    const inner = total / x.shape[axis]!;
    if (x.dtype === 'string' || Math.min(...sizes) * inner >= SMALL_RUN) return stock(args);
    let offset = 0;
    return sizes.map((s) => {
      const shape = [...x.shape];
      shape[axis] = s;
      const out = backend.makeOutput(shape, x.dtype);
      // views after the allocation: growing the wasm memory detaches older ones
      const o = backend.typedArrayFromHeap(out), xv = backend.typedArrayFromHeap(x), run = s * inner;
      for (let r = 0; r < rows; r++) {
        const ib = r * total + offset, ob = r * run;
        for (let j = 0; j < run; j++) o[ob + j] = xv[ib + j]!;
      }
      offset += run;
      return out;
    });
  };
}
