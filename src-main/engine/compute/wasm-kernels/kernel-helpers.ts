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
