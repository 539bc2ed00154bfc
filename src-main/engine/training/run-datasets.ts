import type { Db } from '../db/database';
import { verifyDatasetFiles } from '../datasets/verify-files';
import { DatasetFilesChangedError } from '../datasets/errors';

/** Dataset checks every run shares (its creation and its resumption). */


/** @throws DatasetFilesChangedError when files of the version changed or vanished since import. */
export async function assertFilesIntact(db: Db, versionId: string): Promise<void> {
  const problems = await verifyDatasetFiles(db, versionId);
  if (problems.length > 0) throw new DatasetFilesChangedError(versionId, problems);
}
