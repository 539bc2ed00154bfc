import type { Db } from '../db/database';
import { verifyDatasetFiles } from '../datasets';
import { DatasetFilesChangedError } from '../datasets/errors';

/** Dataset checks every kind of run shares (the runs service and CycleGAN's run creation). */

/** 3 as soon as one image of the version has colour, else 1. */
export function datasetChannels(db: Db, versionId: string): 1 | 3 {
  const row = db.prepare('SELECT MAX(channels) AS c FROM dataset_files WHERE version_id = ?').get(versionId) as { c: number | null };
  return (row.c ?? 3) >= 3 ? 3 : 1;
}

/** The median longer side of a version's images (64 for an empty version). */
export function medianSide(db: Db, versionId: string): number {
  const sides = db.prepare('SELECT MAX(width, height) AS side FROM dataset_files WHERE version_id = ? ORDER BY side').all(versionId) as { side: number }[];
  return sides[Math.floor(sides.length / 2)]?.side ?? 64;
}

/** @throws DatasetFilesChangedError when files of the version changed or vanished since import. */
export async function assertFilesIntact(db: Db, versionId: string): Promise<void> {
  const problems = await verifyDatasetFiles(db, versionId);
  if (problems.length > 0) throw new DatasetFilesChangedError(versionId, problems);
}
