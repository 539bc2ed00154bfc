import { backpropInputGeometry, disposeAll, stockKernel, view, type KernelArgs, type TensorInfo } from './kernel-helpers';

/**
 * `Conv2DBackpropInput` as one XNNPACK matrix product and a JS col2im, for small batches:
 *   dcolsT[(kh,kw,ci), (n,oh,ow)] = Σ_co f[kh, kw, ci, co] · dy[n, oh, ow, co]     // f as [KK, Co] · dyᵀ [Co, M]
 *   dx[n, oh·s + kh − top, ow·s + kw − left, ci] += dcolsT[(kh,kw,ci), (n,oh,ow)]
 * The filter is the product's left operand as it lies (no transform), and XNNPACK packs only dyᵀ, which is small at
 * CycleGAN's batch 1–2. The conv-based kernels build a transformed filter every call and XNNPACK then packs it:
 * measured 6.7 ms of packing alone for a fresh [4,4,128,256] filter. col2im adds into dx laid out as [Ci, N, H, W]
 * (rows along w are contiguous), then one native transpose gives NHWC. Its buffer is KK·M floats: the caller keeps
 * it for small M (makeConv2DBackpropInputAuto).
 */
export function makeConv2DBackpropInputGemm(): (args: KernelArgs) => TensorInfo {
  const bmm = stockKernel('BatchMatMul'), transpose = stockKernel('Transpose');
  return (args) => {
    const { backend } = args;
    const { dy, filter, inputShape, sh, sw, KH, KW, OH, OW, top, left } = backpropInputGeometry(args);
    const [N, H, W, Ci] = inputShape;
    const Co = filter.shape[3]!;
    const KK = KH * KW * Ci, M = N * OH * OW;
    const dyT = transpose({ inputs: { x: view(dy, [M, Co]) }, backend, attrs: { perm: [1, 0] } });
    const cols = bmm({ inputs: { a: view(filter, [1, KK, Co]), b: view(dyT, [1, Co, M]) }, backend,
      attrs: { transposeA: false, transposeB: false } });
    const planes = backend.makeOutput([Ci, N, H, W], 'float32');
    // heap views after the last allocation: growing the wasm memory detaches older ones
    const o = backend.typedArrayFromHeap(planes) as Float32Array;
    const c = backend.typedArrayFromHeap(cols) as Float32Array;
    o.fill(0);
    for (let kh = 0; kh < KH; kh++) for (let kw = 0; kw < KW; kw++) {
      // valid ow for this tap: 0 ≤ ow·sw + kw − left < W
      const owLo = Math.max(0, Math.ceil((left - kw) / sw)), owHi = Math.min(OW, Math.ceil((W + left - kw) / sw));
      for (let ci = 0; ci < Ci; ci++) {
        const rowBase = ((kh * KW + kw) * Ci + ci) * M;
        for (let n = 0; n < N; n++) {
          const planeBase = (ci * N + n) * H * W;
          for (let oh = 0; oh < OH; oh++) {
            const h = oh * sh + kh - top;
            if (h < 0 || h >= H) continue;
            const dst = planeBase + h * W + kw - left, src = rowBase + (n * OH + oh) * OW;
            for (let ow = owLo; ow < owHi; ow++) o[dst + ow * sw]! += c[src + ow]!;
          }
        }
      }
    }
    const out = transpose({ inputs: { x: planes }, backend, attrs: { perm: [1, 2, 3, 0] } }); // [N, H, W, Ci]
    disposeAll(backend, [dyT, cols, planes]);
    return out;
  };
}
