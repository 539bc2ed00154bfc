import type { SampleBatch } from '../../shared/domain/sample';
import type { Db } from '../db/database';
import { findModel } from '../models/registry';
import { getRun } from '../training/runs-repo';
import { getBatchTranslation } from './translations-repo';

/**
 * A batch with its translation facts filled in: the direction, and the dataset version of the domain it translates
 * into. A translation's real counterpart is the target domain (what the outputs should look like), not the input
 * the batch records as its dataset version; the comparison and the nearest real images read this one. A run row
 * stays after a delete (marked), so the target is found for batches of deleted runs too.
 */
export function withTranslation(db: Db, batch: SampleBatch): SampleBatch {
  const t = getBatchTranslation(db, batch.batchId);
  if (!t) return batch;
  const run = getRun(db, batch.runId);
  const to = run ? findModel(run.kind)?.directions.find((d) => d.name === t.direction)?.to : undefined;
  const target = to ? run!.datasets.find((d) => d.role === to) : undefined;
  return { ...batch, direction: t.direction, targetVersionId: target?.versionId ?? null };
}
