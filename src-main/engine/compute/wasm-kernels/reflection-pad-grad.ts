import { attr, shape4, type KernelArgs, type TensorInfo } from './kernel-helpers';

/** Our kernel for the gradient of reflection padding; `reflectionPad` (ops/reflection-pad.ts) uses it when present. */
export const REFLECTION_PAD_GRAD_KERNEL = 'GanStudioReflectionPadGrad';

/**
 * Adjoint of reflection padding by p on H and W, in one pass: every padded position adds its gradient to the
 * pixel it mirrors (row i of the padded tensor mirrors j = i − p, reflected at 0 and H−1). 16 kernels of
 * slices, reverses, pads and an AddN in the op form (ops/reflection-pad.ts), one here.
 * inputs {dy [B, H+2p, W+2p, C]}, attrs {p} → [B, H, W, C].
 */
export function reflectionPadGrad({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const dy = inputs.dy as TensorInfo;
  const p = attr<number>(attrs, 'p');
  const [B, Hp, Wp, C] = shape4(dy.shape);
  const H = Hp - 2 * p, W = Wp - 2 * p;
  const out = backend.makeOutput([B, H, W, C], 'float32');
  const o = backend.typedArrayFromHeap(out) as Float32Array, d = backend.typedArrayFromHeap(dy) as Float32Array;
  o.fill(0);
  const mirror = (i: number, n: number): number => { const j = i - p; return j < 0 ? -j : j >= n ? 2 * (n - 1) - j : j; };
  const cols = Int32Array.from({ length: Wp }, (_, i) => mirror(i, W));
  for (let b = 0; b < B; b++) for (let i = 0; i < Hp; i++) {
    const rowOut = (b * H + mirror(i, H)) * W;
    let src = ((b * Hp + i) * Wp) * C;
    for (let k = 0; k < Wp; k++) {
      const dst = (rowOut + cols[k]!) * C;
      for (let c = 0; c < C; c++, src++) o[dst + c]! += d[src]!;
    }
  }
  return out;
}
