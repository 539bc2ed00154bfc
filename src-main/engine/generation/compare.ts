import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Neighbour, SampleBatch } from '../../shared/domain/sample';
import type { Db } from '../db/database';
import { findVersion, iterateVersionFiles, listVersionClasses, trainCountsByClass } from '../datasets/dataset-repo';
import { keptCountsByClass } from './samples-repo';
import { loadTrainingCache } from '../datasets/training-cache';
import { encodePng } from '../datasets/png-encode';

/** Per class of the batch: real TRAIN images of the run's dataset version vs the batch's kept samples. */
export function classCounts(db: Db, batch: SampleBatch): { index: number; name: string; real: number; synthetic: number }[] {
  const real = trainCountsByClass(db, batch.datasetVersionId);
  const kept = keptCountsByClass(db, batch.batchId);
  return batch.classes.map((c) => ({ index: c.index, name: c.name, real: real.get(c.index) ?? 0, synthetic: kept.get(c.index) ?? 0 }));
}

/**
 * The `k` real training images nearest to a sample in pixel space: mean squared difference on a 0–1 scale, at the
 * batch's resolution and channels (the training cache's crop), nearest first; optionally only its own class.
 */
export async function nearestReal(db: Db, home: string, batch: SampleBatch, sample: { path: string; classIndex: number },
  k: number, sameClass: boolean): Promise<Neighbour[]> {
  const R = batch.resolution, C = batch.channels as 1 | 3;
  const data = await loadTrainingCache(db, home, batch.datasetVersionId, { resolution: R, channels: C });
  const { default: sharp } = await import('sharp'); // loaded by the calls that decode, not by opening a home
  const mine = await sharp(await readFile(join(home, sample.path))).raw().toBuffer();
  const frame = R * R * C;
  const best: { row: number; d: number }[] = [];
  for (let row = 0; row < data.count; row++) {
    if (sameClass && data.labels[row] !== sample.classIndex) continue;
    let sum = 0;
    const off = row * frame;
    for (let i = 0; i < frame; i++) {
      const diff = mine[i]! - data.images[off + i]!;
      sum += diff * diff;
    }
    const d = sum / frame / 65025;
    if (best.length < k || d < best[best.length - 1]!.d) {
      best.push({ row, d });
      best.sort((a, b) => a.d - b.d);
      if (best.length > k) best.pop();
    }
  }
  // Cache rows [0, train) are the TRAIN files in manifest order.
  const version = findVersion(db, batch.datasetVersionId);
  const train = [...iterateVersionFiles(db, batch.datasetVersionId)].filter((f) => f.split === 'train');
  const names = listVersionClasses(db, batch.datasetVersionId).map((c) => c.name);
  return best.map(({ row, d }) => {
    const f = train[row]!;
    return {
      fileIndex: f.fileIndex, path: version ? join(version.sourceFolder, f.rel) : f.rel, sha256: f.sha256, className: names[f.classIndex] ?? '',
      distance: d, base64: encodePng(data.images.subarray(row * frame, (row + 1) * frame), R, R, C).toString('base64'),
    };
  });
}
