import { readFile, writeFile } from 'node:fs/promises';
import type * as tf from '@tensorflow/tfjs';

/** Index of a tensor file: name, shape and float offset of each tensor, all float32. */
export interface TensorIndexEntry {
  name: string;
  shape: number[];
  offset: number;
}

/**
 * Writes named float32 tensors as `<base>.bin` (raw little-endian floats, back to back) and `<base>.json`
 * (the index). Reads the values back asynchronously (WebGPU cannot read synchronously); disposes nothing it was given.
 */
export async function writeTensorFile(base: string, tensors: Record<string, tf.Tensor>): Promise<void> {
  const index: TensorIndexEntry[] = [];
  let total = 0;
  for (const name of Object.keys(tensors).sort()) {
    const t = tensors[name]!;
    index.push({ name, shape: t.shape, offset: total });
    total += t.size;
  }
  const data = new Float32Array(total);
  for (const e of index) data.set((await tensors[e.name]!.data()) as Float32Array, e.offset);
  await writeFile(`${base}.bin`, new Uint8Array(data.buffer));
  await writeFile(`${base}.json`, JSON.stringify(index));
}

/** Reads a tensor file back: name → { shape, values } (plain arrays, no tensors yet). */
export async function readTensorFile(base: string): Promise<Map<string, { shape: number[]; values: Float32Array }>> {
  const index = JSON.parse(await readFile(`${base}.json`, 'utf8')) as TensorIndexEntry[];
  const bytes = await readFile(`${base}.bin`);
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const out = new Map<string, { shape: number[]; values: Float32Array }>();
  for (const e of index) {
    const size = e.shape.reduce((a, b) => a * b, 1);
    if (e.offset + size > all.length) throw new Error(`${base}.bin is truncated: delete this checkpoint`);
    out.set(e.name, { shape: e.shape, values: all.subarray(e.offset, e.offset + size) });
  }
  return out;
}
