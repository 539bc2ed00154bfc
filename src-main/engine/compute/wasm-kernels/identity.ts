import type { KernelArgs, TensorInfo } from './kernel-helpers';

/**
 * `Identity` for wasm that shares the input's buffer (a reference count, as tfjs's cpu backend does) instead of
 * copying it. tfjs's engine clones every tensor it saves for a backward pass through this kernel: ~440 full copies
 * of activations and filters in a CycleGAN step. Tensors are immutable (no kernel writes its inputs), so sharing is
 * safe, and a shared filter keeps its XNNPACK operators (they are keyed by the buffer). Strings keep the stock copy.
 */
export function makeIdentity(stock: (args: KernelArgs) => TensorInfo): (args: KernelArgs) => TensorInfo {
  return (args) => {
    const x = args.inputs.x as TensorInfo;
    if (x.dtype === 'string') return stock(args);
    args.backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}
