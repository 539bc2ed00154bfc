import * as tf from '@tensorflow/tfjs';
import type { Db } from '../db/database';
import { encodePng } from '../datasets/png-encode';
import { buildGenerator, cganArch, type CganArch, type Params } from '../models';
import { disposeParams } from '../models/cgan-arch';
import { loadGeneratorWeights } from '../training/checkpoint';
import type { CganRunConfig } from '../../shared/domain/run-config';
import type { WeightsKind } from '../../shared/domain/sample';
import { chunkLatents } from './latents';
import { computeFrozenStats, disposeFrozenStats, generateFrozen, toUint8, type FrozenStats } from './frozen-forward';
import { countByClass, insertSamples } from './samples-repo';
import { storeSample } from './sample-store';

/** Latents per forward pass. Fixed: a sample is always computed in a pass of exactly this shape (bitwise repeatable). */
export const GENERATION_CHUNK = 64;

/** A generator ready to sample: architecture, the chosen weights, and BatchNorm statistics frozen from them. */
export interface GeneratorModel {
  arch: CganArch;
  params: Params;
  stats: FrozenStats;
  dispose(): void;
}

/** Wraps weights already in memory (tests, bench); takes ownership of `params`. */
export function generatorModelFrom(arch: CganArch, params: Params): GeneratorModel {
  const stats = computeFrozenStats(arch, params);
  return { arch, params, stats, dispose: () => { disposeFrozenStats(stats); disposeParams(params); } };
}

/** Builds the run's generator and loads one checkpoint's `weights` (EMA or raw). */
export async function loadGeneratorModel(runDir: string, cfg: CganRunConfig, classes: number, step: number, weights: WeightsKind): Promise<GeneratorModel> {
  const arch = cganArch({ ...cfg, classes });
  const g = buildGenerator(arch, cfg.seed), ema = buildGenerator(arch, cfg.seed);
  try {
    await loadGeneratorWeights(runDir, step, g, ema);
  } catch (err) {
    [g, ema].forEach(disposeParams);
    throw err;
  }
  disposeParams(weights === 'ema' ? g : ema);
  return generatorModelFrom(arch, weights === 'ema' ? ema : g);
}

/**
 * Pixels of samples [from, from + GENERATION_CHUNK) of one class: uint8 [K, R, R, C]. Sample i lives in chunk
 * floor(i / K), so regenerating it recomputes exactly the pass it was made in.
 */
export function generateChunk(model: GeneratorModel, seed: number, classIndex: number, from: number, truncation: number | null): Uint8Array {
  const K = GENERATION_CHUNK;
  const z = chunkLatents(seed, classIndex, from, K, model.arch.zDim, truncation);
  const images = tf.tidy(() => generateFrozen(model.arch, model.params, model.stats, tf.tensor2d(z, [K, model.arch.zDim]),
    tf.fill([K], classIndex, 'int32') as tf.Tensor1D)); // [K, R, R, C]
  const pixels = images.dataSync() as Float32Array;
  images.dispose();
  return toUint8(pixels);
}

/** PNG bytes of sample `index` (any index) of a class, regenerated alone. */
export function regenerateSample(model: GeneratorModel, seed: number, classIndex: number, index: number, truncation: number | null): Buffer {
  const from = index - (index % GENERATION_CHUNK);
  const pixels = generateChunk(model, seed, classIndex, from, truncation);
  const { resolution: R, channels: C } = model.arch;
  const frame = R * R * C;
  return encodePng(pixels.subarray((index - from) * frame, (index - from + 1) * frame), R, R, C);
}

export interface GenerateSamplesOptions {
  db: Db;
  home: string;
  batchId: string;
  model: GeneratorModel;
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
  const { resolution: R, channels: C } = o.model.arch;
  const frame = R * R * C;
  const have = countByClass(o.db, o.batchId);
  const total = o.perClass * o.classIndices.length;
  let done = o.classIndices.reduce((n, c) => n + Math.min(o.perClass, have.get(c) ?? 0), 0);
  for (const c of o.classIndices) {
    let classDone = Math.min(o.perClass, have.get(c) ?? 0);
    // Whole chunks only: a partly stored chunk is recomputed (its rows are inserted OR IGNOREd).
    for (let from = Math.floor(classDone / K) * K; from < o.perClass; from += K) {
      if (o.checkpoint && (await o.checkpoint()) === 'stop') return { status: 'stopped', done };
      const pixels = generateChunk(o.model, o.seed, c, from, o.truncation);
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
