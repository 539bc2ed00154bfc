import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EvaluateParams } from '../../shared/domain/evaluation';
import type { Db } from '../db/database';
import { listVersionClasses } from '../datasets/dataset-repo';
import { forEachBounded } from '../datasets/pool';
import { preprocessImage } from '../datasets/preprocess';
import { loadTrainingCache } from '../datasets/training-cache';
import { getRunSnapshot } from '../generation/samples-repo';
import { listKeptSamples } from './evaluations-repo';
import type { ImageSet } from './image-set';

/**
 * Reads a version's split through the training cache (decoded once, then a file read) and relabels its classes
 * into the evaluation's order by name. Rows whose class the evaluation lacks are dropped (the service refuses such
 * test sets before the job starts, so this only guards).
 */
export async function loadVersionSet(db: Db, home: string, versionId: string, split: 'train' | 'holdout' | 'all',
  params: Pick<EvaluateParams, 'resolution' | 'channels' | 'classNames'>): Promise<ImageSet> {
  const data = await loadTrainingCache(db, home, versionId, { resolution: params.resolution, channels: params.channels, split });
  const names = listVersionClasses(db, versionId).map((c) => c.name);
  const toEval = names.map((n) => params.classNames.indexOf(n));
  const frame = params.resolution * params.resolution * params.channels;
  const keep: number[] = [];
  for (let i = 0; i < data.count; i++) if ((toEval[data.labels[i]!] ?? -1) >= 0) keep.push(i);
  const pixels = keep.length === data.count ? data.images : new Uint8Array(keep.length * frame);
  const labels = new Int32Array(keep.length);
  keep.forEach((row, i) => {
    if (pixels !== data.images) pixels.set(data.images.subarray(row * frame, (row + 1) * frame), i * frame);
    labels[i] = toEval[data.labels[row]!]!;
  });
  return { resolution: params.resolution, channels: params.channels, count: keep.length, pixels, labels };
}

/**
 * Decodes the kept samples of the batches at the evaluator's resolution, labelled by class name in the
 * evaluation's order. Returns the set and how many samples each batch gave.
 */
export async function loadSyntheticSet(db: Db, home: string, params: Pick<EvaluateParams, 'batchIds' | 'resolution' | 'channels' | 'classNames'>,
  signal?: AbortSignal): Promise<{ set: ImageSet; perBatch: Map<string, number> }> {
  const items: { path: string; label: number }[] = [];
  const perBatch = new Map<string, number>();
  for (const batchId of params.batchIds) {
    const runClasses = getRunSnapshot(db, batchId)?.classNames ?? [];
    const rows = listKeptSamples(db, batchId)
      .map((s) => ({ path: s.path, label: params.classNames.indexOf(runClasses[s.classIndex] ?? '') }))
      .filter((s) => s.label >= 0);
    perBatch.set(batchId, rows.length);
    items.push(...rows);
  }
  const frame = params.resolution * params.resolution * params.channels;
  const pixels = new Uint8Array(items.length * frame), labels = new Int32Array(items.length);
  await forEachBounded(items.entries(), 8, async ([i, s]) => {
    const px = await preprocessImage(await readFile(join(home, s.path)), params.resolution, params.channels, 'crop');
    pixels.set(px, i * frame);
    labels[i] = s.label;
  }, signal);
  return { set: { resolution: params.resolution, channels: params.channels, count: items.length, pixels, labels }, perBatch };
}
