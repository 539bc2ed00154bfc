import { attr, disposeAll, stockKernel, type KernelArgs, type TensorInfo } from './kernel-helpers';

/**
 * `BatchMatMul` for wasm that always reaches XNNPACK. The stock kernel takes XNNPACK's fast path only when neither
 * operand is transposed; with `transposeA` or `transposeB` (every matMul gradient: dW = xᵀ·dy, dx = dy·Wᵀ) it falls
 * back to a naive loop, measured 15–25× slower. A native transpose of the last two axes first is far cheaper.
 * a: [..., M, K] (or [..., K, M] with transposeA), b: [..., K, N] (or [..., N, K]) → [..., M, N].
 */
export function makeBatchMatMul(): (args: KernelArgs) => TensorInfo {
  const stock = stockKernel('BatchMatMul');
  const transpose = stockKernel('Transpose');
  const swapLast2 = (t: TensorInfo, backend: KernelArgs['backend']): TensorInfo => {
    const r = t.shape.length;
    const perm = [...Array(r).keys()];
    [perm[r - 2], perm[r - 1]] = [r - 1, r - 2];
    return transpose({ inputs: { x: t }, backend, attrs: { perm } });
  };
  return (args) => {
    const { inputs, backend, attrs } = args;
    const transposeA = attr<boolean>(attrs, 'transposeA'), transposeB = attr<boolean>(attrs, 'transposeB');
    if (!transposeA && !transposeB) return stock(args);
    const temps: TensorInfo[] = [];
    let a = inputs.a as TensorInfo, b = inputs.b as TensorInfo;
    if (transposeA) temps.push((a = swapLast2(a, backend)));
    if (transposeB) temps.push((b = swapLast2(b, backend)));
    const out = stock({ inputs: { a, b }, backend, attrs: { transposeA: false, transposeB: false } });
    disposeAll(backend, temps);
    return out;
  };
}
