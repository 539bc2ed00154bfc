import * as tf from '@tensorflow/tfjs';
import { attr, backpropInputGeometry, convSizes, disposeAll, shape4, stockKernel, type KernelArgs, type TensorInfo } from './kernel-helpers';
import { makeConv2DBackpropInputGemm } from './conv2d-backprop-input-gemm';
import { FilterCache } from './filter-cache';

/**
 * `Conv2DBackpropInput` for wasm, by the sub-pixel decomposition: one XNNPACK `Conv2D` plus a depth-to-space.
 *
 * Why: the stock wasm kernel is a naive C++ loop, and this op is both the input gradient of every conv and the
 * forward pass of every transposed conv. With the kernel padded up to a multiple of the stride
 * (KH' = J·s, extra taps zero), output row u = h + top splits as u = q·s + r, and
 *   dx[n, u, ci] = Σ_m Σ_co dyPadded[n, q + m, co] · f[r + s·(J−1−m), ci, co]
 * which is a stride-1 valid conv of dy (padded by J−1 before) with the filter
 *   W2[m, l, co, (r_h·s_w + r_w)·Ci + ci] = f[r_h + s_h(J−1−m), r_w + s_w(L−1−l), ci, co]   // [J, L, Co, s_h·s_w·Ci]
 * followed by a depth-to-space + crop. No zero-insertion, so no multiply by known zeros (except the padded taps).
 * Stride 1 is the special case J = KH: a flipped-filter conv and a crop. Transformed filters are kept while the
 * source filter's buffer lives (filter-cache.ts): a second pass through the same conv reuses them.
 */
export function makeConv2DBackpropInput(filters = new FilterCache()): (args: KernelArgs) => TensorInfo {
  const conv2d = stockKernel('Conv2D');
  return (args) => {
    const { backend } = args;
    const { dy, filter, inputShape, info, sh, sw, KH, KW, OH, OW, top, left } = backpropInputGeometry(args);
    const [N, H, W, Ci] = inputShape;
    const J = Math.ceil(KH / sh), L = Math.ceil(KW / sw);
    if ((sh > 1 || sw > 1) && Ci >= PHASE_MIN_CHANNELS) {
      const phased = backpropInputByPhase(backend, conv2d, filters, dy, filter, info, inputShape);
      if (phased) return phased;
    }
    const Qh = Math.ceil((H + top) / sh), Qw = Math.ceil((W + left) / sw);
    const [w2] = filters.get(backend, filter, `all ${sh} ${sw}`, () => [subPixelFilter(backend, filter, sh, sw, J, L)]);
    // dy padded by J−1 before and up to Q after, inside XNNPACK (no PadV2 copy); c: [N, Qc_h, Qc_w, sh·sw·Ci], Qc ≥ Q
    const c = conv2d({ inputs: { x: dy, filter: w2! }, backend,
      attrs: { strides: [1, 1], pad: [[0, 0], [J - 1, Math.max(0, Qh - OH)], [L - 1, Math.max(0, Qw - OW)], [0, 0]],
        dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined } as unknown as tf.NamedAttrMap });
    // stride 1 with nothing to crop (valid convs): the conv output is the answer, no copy
    if (sh === 1 && sw === 1 && top === 0 && left === 0 && c.shape[1] === H && c.shape[2] === W) return c;
    const out = depthToSpaceCrop(backend, c, [N, H, W, Ci], sh, sw, top, left);
    disposeAll(backend, [c]);
    return out;
  };
}

/**
 * W2: [J, L, Co, sh·sw·Ci] (see makeConv2DBackpropInput), built in JS: filters are small next to activations.
 * (Tried: inner loop over ci, and a native rank-6 transpose: both measured slower on the bench shapes.)
 */
function subPixelFilter(backend: KernelArgs['backend'], filter: TensorInfo, sh: number, sw: number, J: number, L: number): TensorInfo {
  const [KH, KW, Ci, Co] = shape4(filter.shape);
  const OC = sh * sw * Ci;
  const w2 = backend.makeOutput([J, L, Co, OC], 'float32');
  const w2v = backend.typedArrayFromHeap(w2) as Float32Array;
  const fv = backend.typedArrayFromHeap(filter) as Float32Array;
  w2v.fill(0);
  for (let m = 0; m < J; m++) for (let rh = 0; rh < sh; rh++) {
    const kh = rh + sh * (J - 1 - m);
    if (kh >= KH) continue; // a padded tap: stays zero
    for (let l = 0; l < L; l++) for (let rw = 0; rw < sw; rw++) {
      const kw = rw + sw * (L - 1 - l);
      if (kw >= KW) continue;
      const outBase = (m * L + l) * Co * OC + (rh * sw + rw) * Ci;
      for (let ci = 0; ci < Ci; ci++) {
        const fBase = ((kh * KW + kw) * Ci + ci) * Co;
        for (let co = 0; co < Co; co++) w2v[outBase + co * OC + ci] = fv[fBase + co]!;
      }
    }
  }
  return w2;
}

/** Output channels from which one conv per output phase beats one conv for all phases (XNNPACK tiles ≥ 8–16). */
const PHASE_MIN_CHANNELS = 16;

/** One output phase (rh, rw) of a strided transposed conv: the output rows/cols it fills and its conv padding. */
interface Phase { rh: number; rw: number; h0: number; w0: number; nh: number; nw: number; pads: [[number, number], [number, number]] }

/** Rows of phase r along one axis: u = q·s + r = h + before, for h in [0, size); the conv pads that give them. */
function phaseAxis(r: number, s: number, before: number, size: number, taps: number, dyLen: number) {
  const qlo = Math.ceil((before - r) / s), qhi = Math.floor((before + size - 1 - r) / s);
  const n = Math.max(0, qhi - qlo + 1);
  const padLo = taps - 1 - qlo, padHi = n + taps - 1 - dyLen - padLo;
  return { start: qlo * s + r - before, n, pad: [padLo, padHi] as [number, number] };
}

/**
 * The sub-pixel decomposition with one stride-1 conv per output phase (rh, rw) instead of one conv for all:
 *   out[n, h0 + t·sh, w0 + v·sw, ci] = Σ_{m,l,co} dy[n, t + m − padTop, v + l − padLeft, co] · f[rh + sh(J−1−m), rw + sw(L−1−l), ci, co]
 * Each phase's conv computes exactly the rows and columns it owns (the one-conv form computes whole sh×sw
 * blocks and crops: 31% wasted work for 'same' k4 s2 from 7×7 to 14×14), pads inside XNNPACK (no PadV2 copy),
 * and the phases interleave into the output in one JS pass. Measured on the cGAN shapes (1 thread): 36.4 → 29.2 ms of conv
 * for [64,7,7,128] → [64,14,14,64]. Returns null where a phase would need negative padding (the caller's path then runs).
 */
function backpropInputByPhase(backend: KernelArgs['backend'], conv2d: (args: KernelArgs) => TensorInfo, filters: FilterCache,
  dy: TensorInfo, filter: TensorInfo, info: tf.backend_util.Conv2DInfo, inputShape: [number, number, number, number]): TensorInfo | null {
  const { sh, sw, KH, KW, OH, OW, top, left } = convSizes(info);
  const [N, H, W, Ci] = inputShape;
  const J = Math.ceil(KH / sh), L = Math.ceil(KW / sw);
  const phases: Phase[] = [];
  for (let rh = 0; rh < sh; rh++) for (let rw = 0; rw < sw; rw++) {
    const a = phaseAxis(rh, sh, top, H, J, OH), b = phaseAxis(rw, sw, left, W, L, OW);
    if (a.n === 0 || b.n === 0) continue; // a phase with no output pixels (output smaller than the stride)
    if (a.pad.some((p) => p < 0) || b.pad.some((p) => p < 0)) return null;
    phases.push({ rh, rw, h0: a.start, w0: b.start, nh: a.n, nw: b.n, pads: [a.pad, b.pad] });
  }
  // one filter per phase of the stride (all sh·sw of them, so the cached set serves any output size)
  const phaseFilters = filters.get(backend, filter, `phases ${sh} ${sw}`, () => phaseFiltersOf(backend, filter, sh, sw, J, L));
  const out = backend.makeOutput([N, H, W, Ci], 'float32');
  // phases leave no pixel unwritten only when together they tile the output; otherwise start from zeros
  if (phases.reduce((sum, p) => sum + p.nh * p.nw, 0) !== H * W) (backend.typedArrayFromHeap(out) as Float32Array).fill(0);
  for (const ph of phases) {
    const c = conv2d({ inputs: { x: dy, filter: phaseFilters[ph.rh * sw + ph.rw]! }, backend,
      attrs: { strides: [1, 1], pad: [[0, 0], ph.pads[0], ph.pads[1], [0, 0]], dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined } as unknown as tf.NamedAttrMap });
    // one view of the whole heap: copyWithin moves each pixel's Ci floats without allocating subarrays
    const cv = backend.typedArrayFromHeap(c) as Float32Array, heap = new Float32Array(cv.buffer);
    const oBase = (backend.typedArrayFromHeap(out) as Float32Array).byteOffset >> 2;
    let src = cv.byteOffset >> 2;
    for (let n = 0; n < N; n++) for (let t = 0; t < ph.nh; t++) {
      let dst = oBase + ((n * H + ph.h0 + t * sh) * W + ph.w0) * Ci;
      for (let v = 0; v < ph.nw; v++, dst += sw * Ci, src += Ci) heap.copyWithin(dst, src, src + Ci);
    }
    disposeAll(backend, [c]);
  }
  return out;
}

/** The filter of phase (rh, rw), at index rh·sw + rw: Wp[m, l, co, ci] = f[rh + sh(J−1−m), rw + sw(L−1−l), ci, co]. */
function phaseFiltersOf(backend: KernelArgs['backend'], filter: TensorInfo, sh: number, sw: number, J: number, L: number): TensorInfo[] {
  const [KH, KW, Ci, Co] = shape4(filter.shape);
  const f = (backend.typedArrayFromHeap(filter) as Float32Array).slice(); // the heap may grow (and detach views) below
  const outs: TensorInfo[] = [];
  for (let rh = 0; rh < sh; rh++) for (let rw = 0; rw < sw; rw++) {
    const wp = backend.makeOutput([J, L, Co, Ci], 'float32');
    const wv = backend.typedArrayFromHeap(wp) as Float32Array;
    wv.fill(0);
    for (let m = 0; m < J; m++) {
      const kh = rh + sh * (J - 1 - m);
      if (kh >= KH) continue;
      for (let l = 0; l < L; l++) {
        const kw = rw + sw * (L - 1 - l);
        if (kw >= KW) continue;
        const outBase = (m * L + l) * Co * Ci;
        for (let ci = 0; ci < Ci; ci++) {
          const fBase = ((kh * KW + kw) * Ci + ci) * Co;
          for (let co = 0; co < Co; co++) wv[outBase + co * Ci + ci] = f[fBase + co]!;
        }
      }
    }
    outs.push(wp);
  }
  return outs;
}

/**
 * out[n, h, w, ci] = c[n, ⌊(h+top)/sh⌋, ⌊(w+left)/sw⌋, ((h+top) mod sh · sw + (w+left) mod sw)·Ci + ci]
 * in one JS pass over the heap (the stock DepthToSpace kernel is slower, and this also crops).
 */
function depthToSpaceCrop(backend: KernelArgs['backend'], c: TensorInfo, outShape: [number, number, number, number],
  sh: number, sw: number, top: number, left: number): TensorInfo {
  const [N, H, W, Ci] = outShape;
  const [, Ch, Cw, OC] = shape4(c.shape);
  const out = backend.makeOutput(outShape, 'float32');
  const o = backend.typedArrayFromHeap(out) as Float32Array;
  const cv = backend.typedArrayFromHeap(c) as Float32Array;
  for (let n = 0; n < N; n++) for (let h = 0; h < H; h++) {
    const u = h + top, q = (u / sh) | 0, rh = u - q * sh;
    const rowBase = (n * Ch + q) * Cw;
    let ob = ((n * H + h) * W) * Ci;
    for (let w = 0; w < W; w++, ob += Ci) {
      const v = w + left, qw = (v / sw) | 0, rw = v - qw * sw;
      const ib = (rowBase + qw) * OC + (rh * sw + rw) * Ci;
      // subarray+set pays off only for wide rows; 1–3 channel images copy faster element by element
      if (Ci >= 16) o.set(cv.subarray(ib, ib + Ci), ob);
      else for (let ci = 0; ci < Ci; ci++) o[ob + ci] = cv[ib + ci]!;
    }
  }
  return out;
}

/** Batch below which the gemm variant may run (its col2im buffer grows with the batch). */
const GEMM_MAX_BATCH = 8;

/**
 * Picks per call. The conv-based kernel when it still holds this filter's transformed copies (a second pass
 * through the same conv in one step: measured, min of 12, 2 threads, ms, held / fresh: residual k3 s1 dy [1,16,16,128]
 * 1.9 / 3.0, [2,16,16,128] 3.6 / 4.7; a discriminator's k4 s2 dy [1,8,8,256] → 128 channels 1.5 / 11.4). Otherwise
 * the gemm variant (conv2d-backprop-input-gemm.ts) for a strided conv at a small batch whose dy has at most 2·Co
 * pixels, where building and packing one filter per phase costs most (that k4 s2: 2.3 ms; dy [1,16,16,128] →
 * [1,32,32,64] k3 s2 2.0 / 2.9); the conv-based kernel for the rest (a stride-1 filter is built once and then held;
 * thin Co: dy [2,64,64,3] → [2,70,70,32] 3.1 vs 55.6 for gemm).
 */
export function makeConv2DBackpropInputAuto(): (args: KernelArgs) => TensorInfo {
  const held = new FilterCache();
  const conv = makeConv2DBackpropInput(held), gemm = makeConv2DBackpropInputGemm();
  return (args) => {
    const [N, OH, OW, Co] = shape4((args.inputs.dy as TensorInfo).shape);
    const strides = attr<number | [number, number]>(args.attrs, 'strides');
    const strided = typeof strides === 'number' ? strides > 1 : strides[0] > 1 || strides[1] > 1;
    const small = N < GEMM_MAX_BATCH && N * OH * OW <= 2 * Co;
    return strided && small && !held.holds(args.inputs.filter as TensorInfo) ? gemm(args) : conv(args);
  };
}
