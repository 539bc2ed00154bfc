import type { Db } from '../db/database';
import { encodePng } from '../datasets/png-encode';
import type { Sampler } from '../models/model';
import { chunkLatents } from './latents';
import { toUint8 } from './load-sampler';
import { countByClass, insertSamples } from './samples-repo';
import { storeSample } from './sample-store';

/** Latents per forward pass. Fixed: a sample is always computed in a pass of exactly this shape (bitwise repeatable). */
export const GENERATION_CHUNK = 64;

/**
 * Pixels of samples [from, from + GENERATION_CHUNK) of one class: uint8 [K, R, R, C]. Sample i lives in chunk
 * floor(i / K), so regenerating it recomputes exactly the pass it was made in.
 */
export async function generateChunk(model: Sampler, seed: number, classIndex: number, from: number, truncation: number | null): Promise<Uint8Array> {
  const K = GENERATION_CHUNK;
  const z = chunkLatents(seed, classIndex, from, K, model.zDim, truncation);
  return toUint8(await model.generate(z, new Int32Array(K).fill(classIndex))); // [K, R, R, C]
}

/** PNG bytes of sample `index` (any index) of a class, regenerated alone. */
export async function regenerateSample(model: Sampler, seed: number, classIndex: number, index: number, truncation: number | null): Promise<Buffer> {
  const from = index - (index % GENERATION_CHUNK);
  const pixels = await generateChunk(model, seed, classIndex, from, truncation);
  const { resolution: R, channels: C } = model;
  const frame = R * R * C;
  return encodePng(pixels.subarray((index - from) * frame, (index - from + 1) * frame), R, R, C);
}

export interface GenerateSamplesOptions {
  db: Db;
  home: string;
  batchId: string;
  model: Sampler;
  seed: number;
  truncation: number | null;
  perClass: number;
  classIndices: number[];
  /** Between chunks: 'stop' ends the loop (the samples so far stay). */
  checkpoint?: () => Promise<'continue' | 'stop'>;
  progress?: (done: number, total: number) => void;
}

/**
 * Generates `perClass` samples of each class, PNG-encodes them, stores them content-addressed in the home and
 * writes one row per sample, chunk by chunk (one transaction each). Classes already partly done (a resumed job)
 * continue where they stopped. Returns whether it completed and how many samples the batch holds.
 */
export async function generateSamples(o: GenerateSamplesOptions): Promise<{ status: 'completed' | 'stopped'; done: number }> {
  const K = GENERATION_CHUNK;
  const { resolution: R, channels: C } = o.model;
  const frame = R * R * C;
  const have = countByClass(o.db, o.batchId);
  const total = o.perClass * o.classIndices.length;
  let done = o.classIndices.reduce((n, c) => n + Math.min(o.perClass, have.get(c) ?? 0), 0);
  for (const c of o.classIndices) {
    let classDone = Math.min(o.perClass, have.get(c) ?? 0);
    // Whole chunks only: a partly stored chunk is recomputed (its rows are inserted OR IGNOREd).
    for (let from = Math.floor(classDone / K) * K; from < o.perClass; from += K) {
      if (o.checkpoint && (await o.checkpoint()) === 'stop') return { status: 'stopped', done };
      const pixels = await generateChunk(o.model, o.seed, c, from, o.truncation);
      const rows = [];
      for (let i = from; i < Math.min(from + K, o.perClass); i++) {
        const png = encodePng(pixels.subarray((i - from) * frame, (i - from + 1) * frame), R, R, C);
        rows.push({ classIndex: c, sampleIndex: i, ...storeSample(o.home, png) });
      }
      insertSamples(o.db, o.batchId, rows);
      done += from + rows.length - classDone;
      classDone = from + rows.length;
      o.progress?.(done, total);
    }
  }
  return { status: 'completed', done: total };
}
