import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { disposeAll, type TensorInfo } from './kernel-helpers';

/**
 * Transformed copies of filters (flipped, split into phases), kept while their source filter's buffer lives. A
 * training step calls a conv's input gradient once per pass through that conv with the same weights (a CycleGAN
 * generator runs twice per step), and a transposed conv's forward once per pass: each call rebuilt the same
 * transformed filter in JS and XNNPACK packed it again (its operator cache is keyed by the filter's buffer, so a
 * kept copy also keeps the packed weights). Measured: building and packing a [3, 3, 128, 128] filter ~1.1 ms, a
 * [4, 4, 128, 256] one split into 4 phases ~10 ms. Keyed by buffer: the gradient gets tfjs's saved clone of the
 * filter, which shares the variable's buffer (our `Identity`, identity.ts). Entries go as soon as their source's
 * buffer is freed (an optimizer step replaces a variable's buffer; checked on every lookup), so memory stays that of
 * the live filters; `limit` bounds the entries. (Keyed by contents instead, the entries of replaced filters waited
 * for eviction and the wasm heap grew: the train-rss bench measured RSS +31% from step 200 to 2,000.)
 */
export class FilterCache {
  private readonly entries = new Map<object, { key: string; outs: TensorInfo[] }>();

  constructor(private readonly limit = 64) {}

  /** The transformed filters for `filter` and `geometry` (e.g. the strides), built by `make` when missing. */
  get(backend: BackendWasm, filter: TensorInfo, geometry: string, make: () => TensorInfo[]): TensorInfo[] {
    this.sweep(backend);
    const key = `${filter.shape.join('×')} ${geometry}`;
    const hit = this.entries.get(filter.dataId);
    if (hit && hit.key === key) return hit.outs;
    if (hit) this.drop(backend, filter.dataId);
    const outs = make();
    if (this.entries.size >= this.limit) this.drop(backend, this.entries.keys().next().value!);
    this.entries.set(filter.dataId, { key, outs });
    return outs;
  }

  /** Whether transformed copies of this filter buffer are kept (whatever their geometry). */
  holds(filter: TensorInfo): boolean {
    return this.entries.has(filter.dataId);
  }

  /** Frees every kept copy (tests; a backend reset). */
  clear(backend: BackendWasm): void {
    for (const id of [...this.entries.keys()]) this.drop(backend, id);
  }

  get size(): number {
    return this.entries.size;
  }

  private sweep(backend: BackendWasm): void {
    for (const id of this.entries.keys()) if (!backend.dataIdMap.has(id)) this.drop(backend, id);
  }

  private drop(backend: BackendWasm, id: object): void {
    const e = this.entries.get(id);
    if (!e) return;
    this.entries.delete(id);
    disposeAll(backend, e.outs);
  }
}
