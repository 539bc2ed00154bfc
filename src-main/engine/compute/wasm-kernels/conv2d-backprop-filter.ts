import * as tf from '@tensorflow/tfjs';
import { makeConv2DBackpropFilterRows } from './conv2d-backprop-filter-rows';
import { attr, backpropFilterGeometry, disposeAll, padAsConvReads, shape4, stockKernel, view, type KernelArgs, type TensorInfo } from './kernel-helpers';

type Kernel = (args: KernelArgs) => TensorInfo;

/**
 * `Conv2DBackpropFilter` (absent from wasm 4.22) as one XNNPACK `Conv2D`:
 *   dW[kh, kw, ci, co] = Σ_{n,oh,ow} xPad[n, oh·s+kh, ow·s+kw, ci] · dy[n, oh, ow, co]
 * is a valid conv of xPadᵀ [Ci, Hp, Wp, N] (batch Ci, channels N) with dyᵀ [OH, OW, N, Co] as the filter,
 * dilated by the stride; the result [Ci, ≥KH, ≥KW, Co] is cropped and transposed to [KH, KW, Ci, Co].
 */
export function makeConv2DBackpropFilterDilated(): Kernel {
  const padV2 = stockKernel('PadV2'), transpose = stockKernel('Transpose');
  const conv2d = stockKernel('Conv2D'), slice = stockKernel('Slice');
  return (args) => {
    const { backend } = args;
    const g = backpropFilterGeometry(args);
    const { dy, sh, sw, KH, KW } = g;
    const temps: TensorInfo[] = [];
    const { xp } = padAsConvReads(padV2, backend, g, temps);
    const xt = transpose({ inputs: { x: xp }, backend, attrs: { perm: [3, 1, 2, 0] } }); // [Ci, Hp, Wp, N]
    const ft = transpose({ inputs: { x: dy }, backend, attrs: { perm: [1, 2, 0, 3] } }); // [OH, OW, N, Co]
    temps.push(xt, ft);
    const c = conv2d({ inputs: { x: xt, filter: ft }, backend,
      attrs: { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [sh, sw] } as unknown as tf.NamedAttrMap });
    temps.push(c); // [Ci, ≥KH, ≥KW, Co]
    let cs = c;
    if (c.shape[1] !== KH || c.shape[2] !== KW) {
      cs = slice({ inputs: { x: c }, backend, attrs: { begin: [0, 0, 0, 0], size: [c.shape[0]!, KH, KW, c.shape[3]!] } });
      temps.push(cs);
    }
    const out = transpose({ inputs: { x: cs }, backend, attrs: { perm: [1, 2, 0, 3] } }); // [KH, KW, Ci, Co]
    disposeAll(backend, temps);
    return out;
  };
}

/** Largest im2col buffer per matrix product (floats): bigger ones measured slower (cache, heap growth). */
const COLS_BUDGET = 1 << 22;

/**
 * `Conv2DBackpropFilter` as a transposed im2col (a JS gather) + XNNPACK matmuls without transposes:
 *   colsT[(kh,kw,ci), (n,oh,ow)] = xPad[n, oh·s+kh, ow·s+kw, ci]    // [KK = KH·KW·Ci, M = N·OH·OW]
 *   dW = colsT · dy[M, Co]                                            // [KK, Co] = [KH, KW, Ci, Co]
 * The gather reads x as [Ci, N, H, W] (one native transpose) so each output row is written contiguously.
 * Large batches go in chunks of images (≤ `colsBudget` floats of colsT each), summing the partial products:
 * measured 809 → 520 ms for x [128, 32, 32, 64] → 128 channels, whose whole colsT would be 134 MB.
 */
export function makeConv2DBackpropFilterGemm(colsBudget = COLS_BUDGET): Kernel {
  const bmm = stockKernel('BatchMatMul'), transpose = stockKernel('Transpose');
  return (args) => {
    const { backend } = args;
    const { x, dy, filterShape, sh, sw, KH, KW, OH, OW, top, left } = backpropFilterGeometry(args);
    const [N, H, W, Ci] = shape4(x.shape);
    const Co = dy.shape[3]!;
    const KK = KH * KW * Ci, P = OH * OW;
    const chunk = Math.max(1, Math.min(N, Math.floor(colsBudget / (KK * P))));
    const xt = transpose({ inputs: { x }, backend, attrs: { perm: [3, 0, 1, 2] } }); // [Ci, N, H, W]
    let out: TensorInfo | null = null;
    for (let n0 = 0; n0 < N; n0 += chunk) {
      const nC = Math.min(chunk, N - n0), M = nC * P;
      const colsT = backend.makeOutput([1, KK, M], 'float32');
      // heap views are taken after every allocation: growing the wasm memory detaches older ones
      const c = backend.typedArrayFromHeap(colsT) as Float32Array;
      const xv = backend.typedArrayFromHeap(xt) as Float32Array;
      c.fill(0);
      // valid ow range for a tap: 0 ≤ ow·sw + kw − left < W
      for (let kh = 0; kh < KH; kh++) for (let kw = 0; kw < KW; kw++) {
        const owLo = Math.max(0, Math.ceil((left - kw) / sw)), owHi = Math.min(OW, Math.ceil((W + left - kw) / sw));
        for (let ci = 0; ci < Ci; ci++) {
          const rowBase = ((kh * KW + kw) * Ci + ci) * M;
          for (let n = 0; n < nC; n++) {
            const planeBase = (ci * N + n0 + n) * H * W;
            for (let oh = 0; oh < OH; oh++) {
              const h = oh * sh + kh - top;
              if (h < 0 || h >= H) continue;
              const src = planeBase + h * W + kw - left, dst = rowBase + (n * OH + oh) * OW;
              for (let ow = owLo; ow < owHi; ow++) c[dst + ow] = xv[src + ow * sw]!;
            }
          }
        }
      }
      // dy rows of these images are contiguous; a chunk needs its own buffer (views cannot start mid-tensor)
      let dyC = view(dy, [1, M, Co]);
      if (nC !== N) {
        dyC = backend.makeOutput([1, M, Co], 'float32');
        const dyv = backend.typedArrayFromHeap(dy) as Float32Array;
        (backend.typedArrayFromHeap(dyC) as Float32Array).set(dyv.subarray(n0 * P * Co, (n0 + nC) * P * Co));
      }
      const part = bmm({ inputs: { a: colsT, b: dyC }, backend, attrs: { transposeA: false, transposeB: false } });
      disposeAll(backend, nC !== N ? [colsT, dyC] : [colsT]);
      if (!out) {
        out = part;
      } else {
        const o = backend.typedArrayFromHeap(out) as Float32Array, pv = backend.typedArrayFromHeap(part) as Float32Array;
        for (let i = 0; i < o.length; i++) o[i]! += pv[i]!;
        backend.disposeData(part.dataId);
      }
    }
    disposeAll(backend, [xt]);
    return view(out!, filterShape);
  };
}

/** Output channels below which the dilated-conv variant always wins (matrix products with N < 16 run poorly). */
const GEMM_MIN_OUT_CHANNELS = 16;
/** Input channels up to which the gemm variant wins: the dilated conv would run with a batch of ≤ 3 "images". */
const GEMM_MAX_IN_CHANNELS = 3;
/** Batch from which the dilated conv wins (its conv has N input channels: few images make a thin conv). */
const DILATED_MIN_BATCH = 8;
/** KW·Co up to which a stride-1 conv with few output channels takes the rows variant (its dy expansion's width). */
const ROWS_MAX_WIDTH = 32;

/**
 * Picks per call. Measured on the bench shapes (ms of CPU, 1 thread): the dilated conv wins for cGAN batches (N 64/128)
 * — x [64,14,14,64]→128: 37 vs 58, [128,64,64,4]→64: 154 vs 218, [64,64,64,64]→3: 265 vs 432; gemm wins for thin
 * inputs ([128,28,28,2]→64: 9 vs 21, [2,64,64,3]→64: 0.7 vs 1.9) and at CycleGAN's batch 1–2, strided or not
 * (min of 25 on an idle machine, 1 / 2 threads: [1,18,18,128]→128 k3 s1: 3.5 vs 6.9 / 2.4 vs 3.9,
 * [2,18,18,128]→128: 4.6 vs 5.5 on 2 threads; [1,64,64,32]→64 k3 s2: 1.6 vs 3.2). Stride-1 convs with few output
 * channels at a small batch take the rows variant (conv2d-backprop-filter-rows.ts: CycleGAN's k7 image head
 * [1,70,70,32]→3: 2.4 vs 10.7 for the dilated conv, 2 threads).
 * The dilated variant is also all native ops, so it is the one that gains from XNNPACK threads.
 */
export function makeConv2DBackpropFilterAuto(): Kernel {
  const gemm = makeConv2DBackpropFilterGemm(), dilated = makeConv2DBackpropFilterDilated();
  const rows = makeConv2DBackpropFilterRows(dilated);
  return (args) => {
    const x = args.inputs.x as TensorInfo, dy = args.inputs.dy as TensorInfo;
    const [N, , , Ci] = shape4(x.shape);
    const Co = dy.shape[3]!;
    if (Co < GEMM_MIN_OUT_CHANNELS) {
      const KW = shape4(attr<number[]>(args.attrs, 'filterShape'))[1];
      return N < DILATED_MIN_BATCH && KW * Co <= ROWS_MAX_WIDTH ? rows(args) : dilated(args);
    }
    if (Ci <= GEMM_MAX_IN_CHANNELS) return gemm(args);
    return N >= DILATED_MIN_BATCH ? dilated(args) : gemm(args);
  };
}
