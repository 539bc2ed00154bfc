import { attr, type KernelArgs, type TensorInfo } from './kernel-helpers';

/** Name of our fused Adam kernel; `createAdam` uses it when the active backend registers it (wasm). */
export const ADAM_UPDATE_KERNEL = 'GanStudioAdamUpdate';

/** Attributes of one fused Adam update: PyTorch's formulation with the bias corrections folded in. */
export interface AdamUpdateAttrs {
  /** lr / (1 − β1^t) */
  stepSize: number;
  /** 1 / √(1 − β2^t) */
  invSqrtC2: number;
  beta1: number;
  beta2: number;
  eps: number;
}

/**
 * One Adam update of a variable in a single pass over the wasm heap (the op-by-op version is 12 kernel calls and
 * 12 full-size passes per variable):
 *   m' = β1·m + (1−β1)·g,  v' = β2·v + (1−β2)·g²,  x' = x − stepSize·m' / (√v'·invSqrtC2 + ε)
 * inputs {x, m, v, g} float32, same shape → [x', m', v'], new tensors (the caller assigns them).
 */
export function adamUpdate({ inputs, backend, attrs }: KernelArgs): TensorInfo[] {
  const x = inputs.x as TensorInfo, m = inputs.m as TensorInfo, v = inputs.v as TensorInfo, g = inputs.g as TensorInfo;
  const stepSize = attr<number>(attrs, 'stepSize'), invSqrtC2 = attr<number>(attrs, 'invSqrtC2');
  const b1 = attr<number>(attrs, 'beta1'), b2 = attr<number>(attrs, 'beta2'), eps = attr<number>(attrs, 'eps');
  const outs = [x, m, v].map((t) => backend.makeOutput([...t.shape], 'float32'));
  // views after every allocation: growing the wasm memory detaches older ones
  const [xo, mo, vo] = outs.map((t) => backend.typedArrayFromHeap(t) as Float32Array) as [Float32Array, Float32Array, Float32Array];
  const xv = backend.typedArrayFromHeap(x) as Float32Array, mv = backend.typedArrayFromHeap(m) as Float32Array;
  const vv = backend.typedArrayFromHeap(v) as Float32Array, gv = backend.typedArrayFromHeap(g) as Float32Array;
  const nb1 = 1 - b1, nb2 = 1 - b2;
  for (let i = 0; i < xv.length; i++) {
    const gi = gv[i]!;
    const mi = Math.fround(b1 * mv[i]! + nb1 * gi), vi = Math.fround(b2 * vv[i]! + nb2 * gi * gi);
    mo[i] = mi;
    vo[i] = vi;
    xo[i] = xv[i]! - (stepSize * mi) / (Math.sqrt(vi) * invSqrtC2 + eps);
  }
  return outs;
}
