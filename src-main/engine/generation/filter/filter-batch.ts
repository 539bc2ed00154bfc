import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tfType from '@tensorflow/tfjs';
import { encodePng } from '../../datasets/png-encode';
import { preprocessImage } from '../../datasets/preprocess';
import { dist } from '../../evaluation/feature-metrics';
import { GENERATION_CHUNK, generateChunk, type GenerateSamplesOptions } from '../generate-batch';
import { countByClass } from '../samples-repo';
import { storeSample } from '../sample-store';
import { argMax, classifyPixels } from './classify-chunk';
import type { FilterClassifier } from './filter-classifier';
import { classProgress, insertFilteredChunk, keepToFill, topRejects, type KeptRow, type RejectRow } from './filter-repo';

type Tf = typeof tfType;

export interface FilteredOptions extends Omit<GenerateSamplesOptions, 'progress'> {
  tf: Tf;
  judge: FilterClassifier;
  minConfidence: number;
  nearDuplicateFraction: number;
  maxDrawFactor: number;
  /** Kept samples so far of `total` (the batch's N × classes), and the latents drawn and rejected in this job. */
  progress?: (done: number, total: number, metrics: { drawn: number; rejected: number }) => void;
  log?: (message: string) => void;
}

/** The classifier's input of one drawn image: its own pixels when sizes match, else its PNG resized as the evaluator does. */
async function classifierPixels(o: FilteredOptions, pixels: Uint8Array, count: number, png: (j: number) => Buffer): Promise<Uint8Array> {
  const c = o.judge.classifier;
  if (c.resolution === o.model.resolution && c.channels === o.model.channels) return pixels;
  const frame = c.resolution * c.resolution * c.channels;
  const out = new Uint8Array(count * frame);
  for (let j = 0; j < count; j++) out.set(await preprocessImage(png(j), c.resolution, c.channels as 1 | 3, 'crop'), j * frame);
  return out;
}

/**
 * Generates a filtered batch (GaFi): per class, draws latents in generation chunks and keeps a sample only when the
 * classifier gives its class at least `minConfidence` and its features are not within the near-duplicate radius of
 * an already kept sample of the class; every reject is recorded with its reason and latent index. Once
 * maxDrawFactor × N latents were drawn, the most confident rejects are kept to reach N (the batch then warns).
 * Kept samples keep their latent index, so any of them regenerates from (seed, class, index) as unfiltered ones do.
 * Chunks are written whole, so a stopped or crashed job resumes where its last chunk ended.
 */
export async function generateFilteredSamples(o: FilteredOptions): Promise<{ status: 'completed' | 'stopped'; done: number }> {
  const K = GENERATION_CHUNK;
  const { resolution: R, channels: C } = o.model;
  const frame = R * R * C;
  const total = o.perClass * o.classIndices.length;
  const limit = o.maxDrawFactor * o.perClass;
  const have = countByClass(o.db, o.batchId);
  let done = o.classIndices.reduce((n, c) => n + Math.min(o.perClass, have.get(c) ?? 0), 0);
  let drawn = 0, rejected = 0;
  const known = o.judge.medianNearest.filter((x): x is number => x !== null).sort((a, b) => a - b);
  const fallback = known.length ? known[Math.floor((known.length - 1) / 2)]! : 0;
  for (const c of o.classIndices) {
    const state = classProgress(o.db, o.batchId, c);
    if (state.kept.length >= o.perClass) continue;
    const radius = o.nearDuplicateFraction * (o.judge.medianNearest[c] ?? fallback);
    const keptFeatures = await featuresOfStored(o, state.kept);
    let next = state.frontier;
    while (keptFeatures.length < o.perClass && next < limit) {
      if (o.checkpoint && (await o.checkpoint()) === 'stop') return { status: 'stopped', done };
      const start = next - (next % K), end = Math.min(start + K, limit);
      const pixels = await generateChunk(o.model, o.seed, c, start, o.truncation);
      const own = pixels.subarray((next - start) * frame, (end - start) * frame);
      const pngs = new Map<number, Buffer>();
      const png = (j: number): Buffer => pngs.get(j) ?? pngs.set(j, encodePng(own.subarray(j * frame, (j + 1) * frame), R, R, C)).get(j)!;
      const judged = await classifyPixels(o.tf, o.judge.classifier, await classifierPixels(o, own, end - next, png), end - next);
      const kept: KeptRow[] = [], rejects: RejectRow[] = [];
      let j = 0;
      for (; j < judged.length && keptFeatures.length < o.perClass; j++) {
        const { probs, features } = judged[j]!;
        const base = { classIndex: c, sampleIndex: next + j, confidence: probs[c]!, predictedIndex: argMax(probs) };
        if (base.confidence < o.minConfidence) {
          rejects.push({ ...base, reason: 'low_confidence', duplicateOf: null, distance: null });
          continue;
        }
        const near = nearestKept(features, keptFeatures);
        if (near && near.distance < radius) {
          rejects.push({ ...base, reason: 'near_duplicate', duplicateOf: near.sampleIndex, distance: near.distance });
          continue;
        }
        kept.push({ classIndex: c, sampleIndex: next + j, ...storeSample(o.home, png(j)) });
        keptFeatures.push({ sampleIndex: next + j, features });
      }
      insertFilteredChunk(o.db, o.batchId, kept, rejects);
      next += j;
      drawn += j;
      rejected += rejects.length;
      done += kept.length;
      o.progress?.(done, total, { drawn, rejected });
    }
    if (keptFeatures.length < o.perClass) {
      const filled = await fillClass(o, c, o.perClass - keptFeatures.length);
      if (filled === null) return { status: 'stopped', done };
      done += filled;
      o.log?.(`class ${c}: only ${keptFeatures.length} of ${limit} drawn samples passed the filter; kept the ${filled} most confident of the rest to reach ${o.perClass}`);
      o.progress?.(done, total, { drawn, rejected });
    }
  }
  return { status: 'completed', done: total };
}

/** Features of already kept samples (a resumed job): their stored PNGs through the classifier. */
async function featuresOfStored(o: FilteredOptions, stored: { sampleIndex: number; path: string }[]): Promise<{ sampleIndex: number; features: Float32Array }[]> {
  const c = o.judge.classifier;
  const frame = c.resolution * c.resolution * c.channels;
  const out: { sampleIndex: number; features: Float32Array }[] = [];
  for (let at = 0; at < stored.length; at += GENERATION_CHUNK) {
    const part = stored.slice(at, at + GENERATION_CHUNK);
    const px = new Uint8Array(part.length * frame);
    for (const [i, s] of part.entries()) px.set(await preprocessImage(await readFile(join(o.home, s.path)), c.resolution, c.channels as 1 | 3, 'crop'), i * frame);
    (await classifyPixels(o.tf, c, px, part.length)).forEach((j, i) => out.push({ sampleIndex: part[i]!.sampleIndex, features: j.features }));
  }
  return out;
}

function nearestKept(f: Float32Array, kept: { sampleIndex: number; features: Float32Array }[]): { sampleIndex: number; distance: number } | null {
  let best: { sampleIndex: number; distance: number } | null = null;
  for (const k of kept) {
    const d = dist(f, k.features);
    if (!best || d < best.distance) best = { sampleIndex: k.sampleIndex, distance: d };
  }
  return best;
}

/**
 * Keeps the `need` most confident rejects of a class (regenerated from their latent index; rejects store no image),
 * in one transaction. Returns how many, or null when stopped before writing anything.
 */
async function fillClass(o: FilteredOptions, c: number, need: number): Promise<number | null> {
  const K = GENERATION_CHUNK;
  const { resolution: R, channels: C } = o.model;
  const frame = R * R * C;
  const picks = topRejects(o.db, o.batchId, c, need);
  const byChunk = new Map<number, number[]>();
  for (const p of picks) {
    const start = p.sampleIndex - (p.sampleIndex % K);
    byChunk.set(start, [...(byChunk.get(start) ?? []), p.sampleIndex]);
  }
  const rows: KeptRow[] = [];
  for (const [start, indices] of byChunk) {
    if (o.checkpoint && (await o.checkpoint()) === 'stop') return null;
    const pixels = await generateChunk(o.model, o.seed, c, start, o.truncation);
    for (const i of indices) {
      const png = encodePng(pixels.subarray((i - start) * frame, (i - start + 1) * frame), R, R, C);
      rows.push({ classIndex: c, sampleIndex: i, ...storeSample(o.home, png) });
    }
  }
  keepToFill(o.db, o.batchId, rows);
  return rows.length;
}
