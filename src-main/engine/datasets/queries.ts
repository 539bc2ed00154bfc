import type { DatasetSummary } from '../../shared/domain/dataset';
import type { Db } from '../db/database';
import type { DatasetDetail, DatasetImage } from '../../shared/api/contract-datasets';
import {
  findDatasetById, findDatasetByName, findVersion, findVersionOfDataset, listDatasetRecords, listVersions, pageVersionImages, versionReport, versionSummary,
  type DatasetRecord,
} from './dataset-repo';
import { DatasetNotFoundError } from './errors';

/** Every dataset at its latest version, by name. */
export function listDatasets(db: Db): DatasetSummary[] {
  return listDatasetRecords(db)
    .map((d) => (d.latestVersionId ? versionSummary(db, d.latestVersionId) : null))
    .filter((s): s is DatasetSummary => s !== null);
}

/**
 * Resolves `NAME` (latest version), `NAME@VERSION` (VERSION = number 1, 2… or version id or its prefix), a
 * dataset id, or a version id to a version id; null when nothing matches. A whole-ref name match wins, so
 * names holding '@' still work.
 */
export function resolveDatasetVersion(db: Db, ref: string): string | null {
  const whole = findDatasetByName(db, ref) ?? findDatasetById(db, ref);
  if (whole) return whole.latestVersionId;
  if (findVersion(db, ref)) return ref;
  const at = ref.lastIndexOf('@');
  if (at <= 0) return null;
  const base: DatasetRecord | null = findDatasetByName(db, ref.slice(0, at)) ?? findDatasetById(db, ref.slice(0, at));
  return base ? (findVersionOfDataset(db, base.datasetId, ref.slice(at + 1))?.versionId ?? null) : null;
}

/** CONTRACT `dataset <NAME[@VERSION]>`: one dataset at the given or latest version, or null. */
export function getDataset(db: Db, ref: string): DatasetSummary | null {
  const versionId = resolveDatasetVersion(db, ref);
  return versionId ? versionSummary(db, versionId) : null;
}

/** Like `resolveDatasetVersion`, but throws ApiError not_found with a hint. */
export function requireDatasetVersion(db: Db, ref: string): string {
  const versionId = resolveDatasetVersion(db, ref);
  if (!versionId) throw new DatasetNotFoundError(ref);
  return versionId;
}

/** `datasets.get`: the dataset at the referenced version, all its versions, and that version's skip report. */
export function getDatasetDetail(db: Db, ref: string): DatasetDetail | null {
  const versionId = resolveDatasetVersion(db, ref);
  const dataset = versionId ? versionSummary(db, versionId) : null;
  const report = versionId ? versionReport(db, versionId) : null;
  if (!versionId || !dataset || !report) return null;
  const versions = listVersions(db, dataset.datasetId).map((v) => ({
    versionId: v.versionId, versionNumber: v.seq, count: v.count, sourceFolder: v.sourceFolder, diff: v.diff, createdAt: v.createdAt, latest: v.latest,
  }));
  return { dataset, versions, ...report };
}

/** `datasets.images`: one page of a version's images. */
export function listDatasetImages(db: Db, versionId: string, opts: { className?: string; offset?: number; limit?: number } = {}): { total: number; images: DatasetImage[] } {
  return pageVersionImages(db, versionId, { className: opts.className, offset: opts.offset ?? 0, limit: opts.limit ?? 100 });
}
