import type { DatasetVersion } from '../../shared/api/contract-datasets';
import type { DatasetDiff, SkippedFile } from '../../shared/domain/dataset';
import type { Db } from '../db/database';

/** Every version of a dataset, newest first, with its diff against the one before. */
export function listVersions(db: Db, datasetId: string): DatasetVersion[] {
  const rows = db
    .prepare(
      `SELECT v.version_id, v.seq, v.count, v.source_folder, v.diff_json, v.created_at, d.latest_version_id
       FROM dataset_versions v JOIN datasets d ON d.dataset_id = v.dataset_id
       WHERE v.dataset_id = ? ORDER BY v.seq DESC`,
    )
    .all(datasetId) as { version_id: string; seq: number; count: number; source_folder: string; diff_json: string; created_at: string; latest_version_id: string | null }[];
  return rows.map((r) => ({
    versionId: r.version_id,
    versionNumber: r.seq,
    count: r.count,
    sourceFolder: r.source_folder,
    diff: JSON.parse(r.diff_json) as DatasetDiff,
    createdAt: r.created_at,
    latest: r.version_id === r.latest_version_id,
  }));
}

/** What an import of this version could not use, as it reported then. */
export function versionIssues(db: Db, versionId: string): { skipped: SkippedFile[]; emptyClasses: string[] } | null {
  const row = db.prepare(`SELECT skipped_json, empty_classes_json FROM dataset_versions WHERE version_id = ?`).get(versionId) as
    | { skipped_json: string; empty_classes_json: string }
    | undefined;
  return row ? { skipped: JSON.parse(row.skipped_json) as SkippedFile[], emptyClasses: JSON.parse(row.empty_classes_json) as string[] } : null;
}

/** One page of a version's files, optionally of one class (by class name). */
export function pageVersionFiles(db: Db, versionId: string, className: string | undefined, offset: number, limit: number) {
  const where = className === undefined ? 'f.version_id = ?' : 'f.version_id = ? AND c.name = ?';
  const args = className === undefined ? [versionId] : [versionId, className];
  const total = (db.prepare(`SELECT count(*) AS n FROM dataset_files f JOIN dataset_classes c ON c.version_id = f.version_id AND c.class_index = f.class_index WHERE ${where}`).get(...args) as { n: number }).n;
  const images = db
    .prepare(
      `SELECT f.file_index AS fileIndex, f.rel_path AS path, f.sha256, c.name AS className, f.width, f.height, f.split
       FROM dataset_files f JOIN dataset_classes c ON c.version_id = f.version_id AND c.class_index = f.class_index
       WHERE ${where} ORDER BY f.file_index LIMIT ? OFFSET ?`,
    )
    .all(...args, limit, offset) as { fileIndex: number; path: string; sha256: string; className: string; width: number; height: number; split: 'train' | 'holdout' }[];
  return { total, images };
}
