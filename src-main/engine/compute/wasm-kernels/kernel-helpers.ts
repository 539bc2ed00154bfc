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

/** Geometry of a `Conv2DBackpropFilter` call (x, dy, the filter shape, the forward conv's info); NHWC only. */
export function backpropFilterGeometry(args: KernelArgs) {
  const x = args.inputs.x as TensorInfo;
  const dy = args.inputs.dy as TensorInfo;
  assertNhwc('Conv2DBackpropFilter', attr<string>(args.attrs, 'dataFormat'));
  const filterShape = shape4(attr<number[]>(args.attrs, 'filterShape'));
  const info = tf.backend_util.computeConv2DInfo(shape4(x.shape), filterShape, attr(args.attrs, 'strides'), 1,
    attr(args.attrs, 'pad'), attr(args.attrs, 'dimRoundingMode'));
  return { x, dy, filterShape, info };
}

/** Geometry of a `Conv2DBackpropInput` call (dy, filter, the input shape, the forward conv's info); NHWC only. */
export function backpropInputGeometry(args: KernelArgs) {
  const dy = args.inputs.dy as TensorInfo;
  const filter = args.inputs.filter as TensorInfo;
  assertNhwc('Conv2DBackpropInput', attr<string>(args.attrs, 'dataFormat'));
  const inputShape = shape4(attr<number[]>(args.attrs, 'inputShape'));
  const info = tf.backend_util.computeConv2DInfo(inputShape, shape4(filter.shape), attr(args.attrs, 'strides'), 1,
    attr(args.attrs, 'pad'), attr(args.attrs, 'dimRoundingMode'));
  return { dy, filter, inputShape, info };
}
