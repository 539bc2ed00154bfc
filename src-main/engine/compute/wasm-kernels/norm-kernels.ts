import { attr, shape4, type KernelArgs, type TensorInfo } from './kernel-helpers';

/** Our kernels for batch/instance norm; `normalizeAffine` (ops/norms.ts) uses them when the backend has them. */
export const NORM_FORWARD_KERNEL = 'GanStudioNormForward';
export const NORM_BACKWARD_KERNEL = 'GanStudioNormBackward';

/**
 * Statistics groups of an NHWC tensor: instance norm has one group per sample (M = H·W elements per channel),
 * batch norm one group for the whole batch (M = B·H·W). Within a group the elements of channel c are every C-th.
 */
function groups(shape: readonly number[], perSample: boolean) {
  const [B, H, W, C] = shape4(shape);
  const G = perSample ? B : 1;
  return { G, C, M: (B * H * W) / G };
}

/**
 * Normalize + affine in two passes over x (sums in float64, then write):
 *   mean, rstd per (group, channel); y = (x − mean)·rstd·γ + β
 * inputs {x [B,H,W,C], gamma [C], beta [C]}, attrs {eps, perSample} → [y, mean [G, C], rstd [G, C]].
 * Why: the op-by-op form is 8 kernels and 6 full-size passes per norm layer, and at CycleGAN's batch 1 the
 * fixed cost per kernel call dominates.
 */
export function normForward({ inputs, backend, attrs }: KernelArgs): TensorInfo[] {
  const x = inputs.x as TensorInfo, gamma = inputs.gamma as TensorInfo, beta = inputs.beta as TensorInfo;
  const eps = attr<number>(attrs, 'eps'), perSample = attr<boolean>(attrs, 'perSample');
  const { G, C, M } = groups(x.shape, perSample);
  const y = backend.makeOutput([...x.shape], 'float32');
  const meanT = backend.makeOutput([G, C], 'float32'), rstdT = backend.makeOutput([G, C], 'float32');
  const xv = backend.typedArrayFromHeap(x) as Float32Array, yv = backend.typedArrayFromHeap(y) as Float32Array;
  const gv = backend.typedArrayFromHeap(gamma) as Float32Array, bv = backend.typedArrayFromHeap(beta) as Float32Array;
  const mv = backend.typedArrayFromHeap(meanT) as Float32Array, rv = backend.typedArrayFromHeap(rstdT) as Float32Array;
  const sum = new Float64Array(C), sq = new Float64Array(C), scale = new Float64Array(C), shift = new Float64Array(C);
  for (let g = 0; g < G; g++) {
    const base = g * M * C;
    sum.fill(0);
    for (let m = 0, p = base; m < M; m++) for (let c = 0; c < C; c++, p++) sum[c]! += xv[p]!;
    // variance from centred squares: exact enough whatever the mean (E[x²] − mean² is not)
    sq.fill(0);
    for (let c = 0; c < C; c++) sum[c] = sum[c]! / M;
    for (let m = 0, p = base; m < M; m++) for (let c = 0; c < C; c++, p++) { const d = xv[p]! - sum[c]!; sq[c]! += d * d; }
    for (let c = 0; c < C; c++) {
      const rstd = 1 / Math.sqrt(sq[c]! / M + eps);
      mv[g * C + c] = sum[c]!;
      rv[g * C + c] = rstd;
      scale[c] = rstd * gv[c]!;
      shift[c] = bv[c]! - sum[c]! * rstd * gv[c]!;
    }
    for (let m = 0, p = base; m < M; m++) for (let c = 0; c < C; c++, p++) yv[p] = xv[p]! * scale[c]! + shift[c]!;
  }
  return [y, meanT, rstdT];
}

/**
 * The analytic gradient in two passes (M elements per statistic, x̂ = (x − mean)·rstd):
 *   dβ = Σ dy,  dγ = Σ dy·x̂,  dx = γ·rstd · (dy − Σdy/M − x̂·Σ(dy·x̂)/M)
 * with the sums per (group, channel); dγ, dβ also sum over groups.
 * inputs {dy, x, mean, rstd, gamma}, attrs {perSample} → [dx, dGamma [C], dBeta [C]].
 */
export function normBackward({ inputs, backend, attrs }: KernelArgs): TensorInfo[] {
  const dy = inputs.dy as TensorInfo, x = inputs.x as TensorInfo;
  const { G, C, M } = groups(x.shape, attr<boolean>(attrs, 'perSample'));
  const dx = backend.makeOutput([...x.shape], 'float32');
  const dGammaT = backend.makeOutput([C], 'float32'), dBetaT = backend.makeOutput([C], 'float32');
  const dyv = backend.typedArrayFromHeap(dy) as Float32Array, xv = backend.typedArrayFromHeap(x) as Float32Array;
  const mv = backend.typedArrayFromHeap(inputs.mean as TensorInfo) as Float32Array;
  const rv = backend.typedArrayFromHeap(inputs.rstd as TensorInfo) as Float32Array;
  const gv = backend.typedArrayFromHeap(inputs.gamma as TensorInfo) as Float32Array;
  const dxv = backend.typedArrayFromHeap(dx) as Float32Array;
  const sDy = new Float64Array(C), sDyXh = new Float64Array(C), dGamma = new Float64Array(C), dBeta = new Float64Array(C);
  const mean = new Float64Array(C), rstd = new Float64Array(C), k = new Float64Array(C);
  for (let g = 0; g < G; g++) {
    const base = g * M * C;
    for (let c = 0; c < C; c++) { mean[c] = mv[g * C + c]!; rstd[c] = rv[g * C + c]!; }
    sDy.fill(0);
    sDyXh.fill(0);
    for (let m = 0, p = base; m < M; m++) for (let c = 0; c < C; c++, p++) {
      const d = dyv[p]!;
      sDy[c]! += d;
      sDyXh[c]! += d * (xv[p]! - mean[c]!) * rstd[c]!;
    }
    for (let c = 0; c < C; c++) {
      dGamma[c]! += sDyXh[c]!;
      dBeta[c]! += sDy[c]!;
      k[c] = gv[c]! * rstd[c]!;
      sDy[c] = sDy[c]! / M;
      sDyXh[c] = sDyXh[c]! / M;
    }
    for (let m = 0, p = base; m < M; m++) for (let c = 0; c < C; c++, p++) {
      const xh = (xv[p]! - mean[c]!) * rstd[c]!;
      dxv[p] = k[c]! * (dyv[p]! - sDy[c]! - xh * sDyXh[c]!);
    }
  }
  (backend.typedArrayFromHeap(dGammaT) as Float32Array).set(dGamma);
  (backend.typedArrayFromHeap(dBetaT) as Float32Array).set(dBeta);
  return [dx, dGammaT, dBetaT];
}
