import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { disposeAll, type TensorInfo } from './kernel-helpers';

interface Entry {
  key: string;
  /** The source filter's bytes when the copies were made: hits compare contents, not tensor ids. */
  source: Buffer;
  outs: TensorInfo[];
  floats: number;
}

/**
 * Transformed copies of filters (flipped, split into phases), found again by the source filter's contents. A
 * training step calls a conv's input gradient once per pass through that conv with the same weights (a CycleGAN
 * generator runs twice per step), and a transposed conv's forward once per pass: each call rebuilt the same
 * transformed filter in JS and XNNPACK packed it again (its operator cache is keyed by the filter's buffer, so a
 * kept copy also keeps the packed weights). Measured: building and packing a [3, 3, 128, 128] filter ~1.1 ms, a
 * [4, 4, 128, 256] one split into 4 phases ~10 ms. Contents, not tensor ids: tfjs hands a gradient a copy of the
 * saved filter (a new buffer every time). A lookup compares bytes (memcmp, stops at the first difference) with
 * kept sources of the same geometry; the least recently used entries go past `budget` floats.
 */
export class FilterCache {
  private entries: Entry[] = [];
  private floats = 0;

  constructor(private readonly budget = 1 << 23) {}

  /** The transformed filters for `filter` and `geometry` (e.g. the strides), built by `make` when missing. */
  get(backend: BackendWasm, filter: TensorInfo, geometry: string, make: () => TensorInfo[]): TensorInfo[] {
    const key = `${filter.shape.join('×')} ${geometry}`;
    const view = backend.typedArrayFromHeap(filter) as Float32Array;
    const bytes = Buffer.from(view.buffer, view.byteOffset, view.byteLength);
    const i = this.entries.findIndex((e) => e.key === key && e.source.equals(bytes));
    if (i >= 0) {
      const [hit] = this.entries.splice(i, 1);
      this.entries.push(hit!); // most recently used last
      return hit!.outs;
    }
    const outs = make();
    const floats = view.length + outs.reduce((n, t) => n + t.shape.reduce((a, b) => a * b, 1), 0);
    this.entries.push({ key, source: Buffer.from(bytes), outs, floats });
    this.floats += floats;
    while (this.floats > this.budget && this.entries.length > 1) this.drop(backend, this.entries[0]!);
    return outs;
  }

  /** Whether copies made from these exact filter contents are kept (whatever their geometry). */
  holds(backend: BackendWasm, filter: TensorInfo): boolean {
    const view = backend.typedArrayFromHeap(filter) as Float32Array;
    const bytes = Buffer.from(view.buffer, view.byteOffset, view.byteLength);
    return this.entries.some((e) => e.source.equals(bytes));
  }

  /** Frees every kept copy (tests; a backend reset). */
  clear(backend: BackendWasm): void {
    for (const e of [...this.entries]) this.drop(backend, e);
  }

  get size(): number {
    return this.entries.length;
  }

  private drop(backend: BackendWasm, e: Entry): void {
    this.entries.splice(this.entries.indexOf(e), 1);
    this.floats -= e.floats;
    disposeAll(backend, e.outs);
  }
}
