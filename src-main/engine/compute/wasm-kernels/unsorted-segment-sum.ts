import { attr, type KernelArgs, type TensorInfo } from './kernel-helpers';

/**
 * `UnsortedSegmentSum` (absent from wasm 4.22; the gradient of `gather`, so of every embedding lookup).
 *   out[s, ...] = Σ_{i: ids[i] = s} x[i, ...]      // out: [numSegments, ...x.shape[ids.rank:]]
 * Ids outside [0, numSegments) are dropped, as TensorFlow does. A plain loop over heap views: embeddings are small.
 */
export function unsortedSegmentSum({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const x = inputs.x as TensorInfo;
  const segmentIds = inputs.segmentIds as TensorInfo;
  const numSegments = attr<number>(attrs, 'numSegments');
  const innerShape = x.shape.slice(segmentIds.shape.length);
  const inner = innerShape.reduce((a, b) => a * b, 1);
  const out = backend.makeOutput([numSegments, ...innerShape], x.dtype);
  const o = backend.typedArrayFromHeap(out);
  const xv = backend.typedArrayFromHeap(x);
  const ids = backend.typedArrayFromHeap(segmentIds);
  o.fill(0);
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i]!;
    if (s < 0 || s >= numSegments) continue;
    const ob = s * inner, xb = i * inner;
    for (let j = 0; j < inner; j++) o[ob + j]! += xv[xb + j]!;
  }
  return out;
}
