import { backpropFilterGeometry, disposeAll, padAsConvReads, shape4, stockKernel, type KernelArgs, type TensorInfo } from './kernel-helpers';

/**
 * `Conv2DBackpropFilter` of a stride-1 conv with few output channels (an image head: 32 → 3 channels, k7), as one
 * XNNPACK matrix product that expands dy along w instead of x along both taps:
 *   dW[kh, kw, ci, co] = Σ_{n, oh, w} xp[n, oh + kh, w, ci] · D[(n, oh, w), (kw, co)],   D = dy[n, oh, w − kw, co]
 * The left operand A[(kh, ci), (n, oh, w)] is KH·Ci rows of xp transposed to [Ci, N, Hp, Wp]: each row is
 * contiguous there (rows oh + kh of one image, every column), so it is built with memcpy-speed copies; D has only
 * KW·Co columns. An im2col has KH·KW·Ci rows of single-element gathers; the dilated conv runs XNNPACK with
 * Co ≤ 3 output channels. Measured (min of 15, 2 threads, ms, this / dilated / im2col): x [1,70,70,32] → 3
 * channels k7 2.4 / 10.7 / 40.7. The padded border adds (Wp − OW)/OW to the products. Strided convs go to `strided`.
 */
export function makeConv2DBackpropFilterRows(strided: (args: KernelArgs) => TensorInfo): (args: KernelArgs) => TensorInfo {
  const bmm = stockKernel('BatchMatMul'), transpose = stockKernel('Transpose'), padV2 = stockKernel('PadV2');
  return (args) => {
    const { backend } = args;
    const g = backpropFilterGeometry(args);
    if (g.sh !== 1 || g.sw !== 1) return strided(args);
    const { x, dy, filterShape, KH, KW, OH, OW } = g;
    const [N, , , Ci] = shape4(x.shape);
    const Co = dy.shape[3]!;
    const temps: TensorInfo[] = [];
    const { xp, Hp, Wp } = padAsConvReads(padV2, backend, g, temps);
    const xt = transpose({ inputs: { x: xp }, backend, attrs: { perm: [3, 0, 1, 2] } }); // [Ci, N, Hp, Wp]
    const K = N * OH * Wp, NC = KW * Co, run = OH * Wp;
    const a = backend.makeOutput([1, KH * Ci, K], 'float32');
    const d = backend.makeOutput([1, K, NC], 'float32');
    temps.push(xt, a, d);
    // heap views after the last allocation: growing the wasm memory detaches older ones
    const av = backend.typedArrayFromHeap(a) as Float32Array, xv = backend.typedArrayFromHeap(xt) as Float32Array;
    for (let kh = 0; kh < KH; kh++) for (let ci = 0; ci < Ci; ci++) for (let n = 0; n < N; n++) {
      const src = ((ci * N + n) * Hp + kh) * Wp;
      av.set(xv.subarray(src, src + run), (kh * Ci + ci) * K + n * run);
    }
    const dv = backend.typedArrayFromHeap(d) as Float32Array, dyv = backend.typedArrayFromHeap(dy) as Float32Array;
    dv.fill(0);
    for (let row = 0; row < N * OH; row++) for (let ow = 0; ow < OW; ow++) {
      const src = (row * OW + ow) * Co;
      for (let kw = 0; kw < KW; kw++) {
        const dst = (row * Wp + ow + kw) * NC + kw * Co;
        for (let co = 0; co < Co; co++) dv[dst + co] = dyv[src + co]!;
      }
    }
    const p = bmm({ inputs: { a, b: d }, backend, attrs: { transposeA: false, transposeB: false } }); // [(kh, ci), (kw, co)]
    temps.push(p);
    const out = backend.makeOutput(filterShape, 'float32');
    const o = backend.typedArrayFromHeap(out) as Float32Array, pv = backend.typedArrayFromHeap(p) as Float32Array;
    for (let kh = 0; kh < KH; kh++) for (let ci = 0; ci < Ci; ci++) for (let kw = 0; kw < KW; kw++) {
      const src = (kh * Ci + ci) * NC + kw * Co, dst = ((kh * KW + kw) * Ci + ci) * Co;
      for (let co = 0; co < Co; co++) o[dst + co] = pv[src + co]!;
    }
    disposeAll(backend, temps);
    return out;
  };
}
