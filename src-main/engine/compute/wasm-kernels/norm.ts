import type * as tf from '@tensorflow/tfjs';
import { attr, disposeAll, shape4, stockKernel, view, type KernelArgs, type TensorInfo } from './kernel-helpers';

/** Our batch/instance-norm kernels (ops/norms.ts uses them when the backend registers them). */
export const NORM_KERNEL = 'GanStudioNorm';
export const NORM_GRAD_KERNEL = 'GanStudioNormGrad';

/**
 * Attributes: `groups` splits [B, H, W, C] into that many equal runs of pixels with their own statistics per channel
 * (B: instance norm; 1: batch norm); `eps` is added to the variance.
 */
export interface NormAttrs {
  groups: number;
  eps: number;
}

type Kernels = Record<'avgPool' | 'sub' | 'mul' | 'add', (args: KernelArgs) => TensorInfo>;

const stockKernels = (): Kernels => ({
  avgPool: stockKernel('AvgPool'), sub: stockKernel('Sub'), mul: stockKernel('Multiply'), add: stockKernel('Add'),
});

/** Per-group, per-channel mean of x seen as [G, P, 1, C]: XNNPACK average pooling with a [P, 1] window. */
function groupMean(k: Kernels, backend: KernelArgs['backend'], x: TensorInfo, G: number, P: number, C: number): TensorInfo {
  return k.avgPool({ inputs: { x: view(x, [G, P, 1, C]) }, backend,
    attrs: { filterSize: [P, 1], strides: [P, 1], pad: 'valid', dimRoundingMode: undefined } as unknown as tf.NamedAttrMap });
}

/** A [rows, 1, 1, C] tensor filled by `f(row, c)`: the per-group coefficients, computed in JS (tiny). */
function coefficients(backend: KernelArgs['backend'], rows: number, C: number, f: (r: number, c: number) => number): TensorInfo {
  const t = backend.makeOutput([rows, 1, 1, C], 'float32');
  const v = backend.typedArrayFromHeap(t) as Float32Array;
  for (let r = 0; r < rows; r++) for (let c = 0; c < C; c++) v[r * C + c] = f(r, c);
  return t;
}

const groupsOf = (args: KernelArgs, x: TensorInfo): { G: number; P: number; C: number } => {
  const [B, H, W, C] = shape4(x.shape);
  const G = attr<number>(args.attrs, 'groups');
  return { G, P: (B * H * W) / G, C };
};

/**
 * y = x̂·γ + β with x̂ = (x − mean)·rstd, statistics per group and channel (biased variance), as one engine call:
 * the full-size passes are native kernels called directly (means by XNNPACK average pooling, broadcasting
 * Sub/Multiply/Add), the [G, C] arithmetic is JS. In ops it was 9 engine calls forward, each ~30–50 µs of fixed
 * cost before any work, ~40 norms a CycleGAN step. The passes run on x seen as [G, P, 1, C] (P pixels per group).
 * inputs {x [B, H, W, C], gamma [C], beta [C]} → [y, x̂ (same shape), rstd [G, C]].
 */
export function makeNorm(): (args: KernelArgs) => TensorInfo[] {
  const k = stockKernels();
  return (args) => {
    const { backend } = args;
    const x = args.inputs.x as TensorInfo;
    const { G, P, C } = groupsOf(args, x);
    const eps = attr<number>(args.attrs, 'eps');
    const xg = view(x, [G, P, 1, C]);
    const mean = P > 1 ? groupMean(k, backend, x, G, P, C) : null;
    const xc = mean ? k.sub({ inputs: { a: xg, b: mean }, backend }) : k.sub({ inputs: { a: xg, b: xg }, backend });
    const sq = k.mul({ inputs: { a: xc, b: xc }, backend });
    const variance = P > 1 ? groupMean(k, backend, sq, G, P, C) : null;
    const vv = variance ? (backend.typedArrayFromHeap(variance) as Float32Array).slice() : new Float32Array(G * C);
    const rstd = backend.makeOutput([G, C], 'float32');
    const rv = backend.typedArrayFromHeap(rstd) as Float32Array;
    for (let i = 0; i < G * C; i++) rv[i] = 1 / Math.sqrt(vv[i]! + eps);
    const r4 = view(rstd, [G, 1, 1, C]);
    const xhat = k.mul({ inputs: { a: xc, b: r4 }, backend });
    const scaled = k.mul({ inputs: { a: xhat, b: view(args.inputs.gamma as TensorInfo, [1, 1, 1, C]) }, backend });
    const y = k.add({ inputs: { a: scaled, b: view(args.inputs.beta as TensorInfo, [1, 1, 1, C]) }, backend });
    disposeAll(backend, [xc, sq, scaled, ...(mean ? [mean] : []), ...(variance ? [variance] : [])]);
    return [view(y, [...x.shape]), view(xhat, [...x.shape]), rstd];
  };
}

/**
 * Gradient of makeNorm's y, one engine call: with means over each group's P pixels,
 *   dβ = P·Σ_g mean(dy),  dγ = P·Σ_g mean(dy·x̂),  dx = a·dy − a·mean(dy) − a·mean(dy·x̂)·x̂   (a = γ·rstd)
 * inputs {dy, xhat, rstd [G, C], gamma [C]} → [dx, dgamma [C], dbeta [C]].
 */
export function makeNormGrad(): (args: KernelArgs) => TensorInfo[] {
  const k = stockKernels();
  return (args) => {
    const { backend } = args;
    const dy = args.inputs.dy as TensorInfo, xhat = args.inputs.xhat as TensorInfo;
    const { G, P, C } = groupsOf(args, dy);
    const dyg = view(dy, [G, P, 1, C]), xg = view(xhat, [G, P, 1, C]);
    const prod = k.mul({ inputs: { a: dyg, b: xg }, backend });
    const mDy = P > 1 ? groupMean(k, backend, dy, G, P, C) : dyg;
    const mDyX = P > 1 ? groupMean(k, backend, prod, G, P, C) : prod;
    const rv = (backend.typedArrayFromHeap(args.inputs.rstd as TensorInfo) as Float32Array).slice();
    const gv = (backend.typedArrayFromHeap(args.inputs.gamma as TensorInfo) as Float32Array).slice();
    const m1 = (backend.typedArrayFromHeap(mDy) as Float32Array).slice(), m2 = (backend.typedArrayFromHeap(mDyX) as Float32Array).slice();
    const a = coefficients(backend, G, C, (g, c) => gv[c]! * rv[g * C + c]!);
    const k1 = coefficients(backend, G, C, (g, c) => -gv[c]! * rv[g * C + c]! * m1[g * C + c]!);
    const k2 = coefficients(backend, G, C, (g, c) => -gv[c]! * rv[g * C + c]! * m2[g * C + c]!);
    const dgamma = coefficients(backend, 1, C, (_, c) => { let s = 0; for (let g = 0; g < G; g++) s += m2[g * C + c]!; return s * P; });
    const dbeta = coefficients(backend, 1, C, (_, c) => { let s = 0; for (let g = 0; g < G; g++) s += m1[g * C + c]!; return s * P; });
    if (P === 1) { // one pixel per group: y = β whatever x, so dx is exactly 0 (the sums below would leave rounding)
      const dx = backend.makeOutput([...dy.shape], 'float32');
      (backend.typedArrayFromHeap(dx) as Float32Array).fill(0);
      disposeAll(backend, [prod, a, k1, k2]);
      return [dx, view(dgamma, [C]), view(dbeta, [C])];
    }
    const u = k.mul({ inputs: { a: dyg, b: a }, backend });
    const v = k.mul({ inputs: { a: xg, b: k2 }, backend });
    const w = k.add({ inputs: { a: u, b: v }, backend });
    const dx = k.add({ inputs: { a: w, b: k1 }, backend });
    disposeAll(backend, [prod, a, k1, k2, u, v, w, mDy, mDyX]);
    return [view(dx, [...dy.shape]), view(dgamma, [C]), view(dbeta, [C])];
  };
}
