import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** A tensor as kernels see it: id into the backend's storage, shape, dtype. */
export type TensorInfo = tf.TensorInfo;

/** What a registered kernel function receives. */
export interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs?: tf.NamedAttrMap;
}

/** Kernel function signature of the wasm backend, narrowed to single outputs. */
export type WasmKernel = (args: KernelArgs) => TensorInfo;

/**
 * The stock wasm kernel function for `name`, captured so our kernels can call native (XNNPACK) code directly,
 * without going through the engine (no tape, no tensor bookkeeping).
 */
export function stockKernel(name: string): WasmKernel {
  const config = tf.getKernel(name, 'wasm');
  if (!config) throw new Error(`wasm backend has no '${name}' kernel: cannot build the training kernels`);
  return config.kernelFunc as unknown as WasmKernel;
}

/** The same heap buffer seen with another shape (a free reshape; the caller keeps ownership). */
export function view(t: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: t.dataId, shape, dtype: t.dtype };
}

/** Frees intermediate results of a kernel: they never became engine tensors. */
export function disposeAll(backend: BackendWasm, infos: TensorInfo[]): void {
  for (const t of infos) backend.disposeData(t.dataId);
}

/** Reads a typed attribute; kernels are only called by tfjs ops, so a missing one is a programming error. */
export function attr<T>(attrs: tf.NamedAttrMap | undefined, name: string): T {
  return (attrs as Record<string, unknown> | undefined)?.[name] as T;
}

/** Throws for layouts our kernels do not handle; tfjs ops only emit NHWC for these. */
export function assertNhwc(kernel: string, dataFormat: string | undefined): void {
  if (dataFormat && dataFormat !== 'NHWC') throw new Error(`${kernel} (wasm training kernel): only NHWC is supported, got ${dataFormat}`);
}

/** Rank-4 shape accessor that satisfies noUncheckedIndexedAccess. */
export function shape4(shape: readonly number[]): [number, number, number, number] {
  if (shape.length !== 4) throw new Error(`expected a rank-4 shape, got [${shape.join(', ')}]`);
  return [shape[0]!, shape[1]!, shape[2]!, shape[3]!];
}

/** A forward conv's sizes under the names the kernels' index formulas use: strides, filter, output, leading padding. */
export function convSizes(info: tf.backend_util.Conv2DInfo) {
  return {
    sh: info.strideHeight, sw: info.strideWidth, KH: info.filterHeight, KW: info.filterWidth, OH: info.outHeight, OW: info.outWidth,
    top: info.padInfo.top, left: info.padInfo.left,
  };
}

/**
 * The input x [N, H, W, C] of a conv (`s`: its geometry) zero-padded as the conv reads it: `top`/`left` before, and after as far as the last output's
 * last tap reaches ((OH − 1)·sh + KH rows in all). One native PadV2, or x itself when nothing is padded; a new buffer
 * goes on `temps`, for the caller to free. @returns the padded input and its height and width.
 */
export function padAsConvReads(padV2: WasmKernel, backend: BackendWasm, s: ReturnType<typeof convSizes> & { x: TensorInfo },
  temps: TensorInfo[]): { xp: TensorInfo; Hp: number; Wp: number } {
  const x = s.x;
  const [, H, W] = shape4(x.shape);
  const { top, left } = s;
  const bottom = Math.max(0, (s.OH - 1) * s.sh + s.KH - H - top), right = Math.max(0, (s.OW - 1) * s.sw + s.KW - W - left);
  const Hp = H + top + bottom, Wp = W + left + right;
  if (!top && !left && !bottom && !right) return { xp: x, Hp, Wp };
  const xp = padV2({ inputs: { x }, backend, attrs: { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 } });
  temps.push(xp);
  return { xp, Hp, Wp };
}

/** Geometry of a `Conv2DBackpropFilter` call (x, dy, the filter shape, the forward conv's info); NHWC only. */
export function backpropFilterGeometry(args: KernelArgs) {
  const x = args.inputs.x as TensorInfo;
  const dy = args.inputs.dy as TensorInfo;
  assertNhwc('Conv2DBackpropFilter', attr<string>(args.attrs, 'dataFormat'));
  const filterShape = shape4(attr<number[]>(args.attrs, 'filterShape'));
  const info = tf.backend_util.computeConv2DInfo(shape4(x.shape), filterShape, attr(args.attrs, 'strides'), 1,
    attr(args.attrs, 'pad'), attr(args.attrs, 'dimRoundingMode'));
  return { x, dy, filterShape, info, ...convSizes(info) };
}

/** Geometry of a `Conv2DBackpropInput` call (dy, filter, the input shape, the forward conv's info); NHWC only. */
export function backpropInputGeometry(args: KernelArgs) {
  const dy = args.inputs.dy as TensorInfo;
  const filter = args.inputs.filter as TensorInfo;
  assertNhwc('Conv2DBackpropInput', attr<string>(args.attrs, 'dataFormat'));
  const inputShape = shape4(attr<number[]>(args.attrs, 'inputShape'));
  const info = tf.backend_util.computeConv2DInfo(inputShape, shape4(filter.shape), attr(args.attrs, 'strides'), 1,
    attr(args.attrs, 'pad'), attr(args.attrs, 'dimRoundingMode'));
  return { dy, filter, inputShape, info, ...convSizes(info) };
}
