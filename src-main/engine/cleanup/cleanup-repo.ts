import type { Db } from '../db/database';

/** Data access of deletes: marks, the files a delete still has to remove, and what a delete would touch. */

const now = (): string => new Date().toISOString();
export type DeletableKind = 'dataset' | 'run' | 'batch' | 'export';

const TABLE: Record<DeletableKind, { table: string; id: string }> = {
  dataset: { table: 'datasets', id: 'dataset_id' },
  run: { table: 'runs', id: 'run_id' },
  batch: { table: 'sample_batches', id: 'batch_id' },
  export: { table: 'exports', id: 'export_id' },
};

/** When the item was deleted (null: it is live), or undefined when there is no such row. */
export function deletedAt(db: Db, kind: DeletableKind, id: string): string | null | undefined {
  const t = TABLE[kind];
  const row = db.prepare(`SELECT deleted_at FROM ${t.table} WHERE ${t.id} = ?`).get(id) as { deleted_at: string | null } | undefined;
  return row ? row.deleted_at : undefined;
}

/**
 * Marks the item deleted and records the files to remove, in one transaction. A dataset also gives up its name
 * (a new import may take it again): the row keeps it with its id appended.
 */
export function markDeleted(db: Db, kind: DeletableKind, id: string, paths: string[]): void {
  const t = TABLE[kind];
  const at = now();
  const add = db.prepare('INSERT OR IGNORE INTO pending_deletes (path, recorded_at) VALUES (?, ?)');
  db.transaction(() => {
    db.prepare(`UPDATE ${t.table} SET deleted_at = ? WHERE ${t.id} = ? AND deleted_at IS NULL`).run(at, id);
    if (kind === 'dataset') db.prepare(`UPDATE datasets SET name = name || ' (deleted ' || dataset_id || ')' WHERE dataset_id = ?`).run(id);
    for (const p of paths) add.run(p, at);
  })();
}

/** Files a delete recorded and has not removed yet (a crash came between). */
export function pendingDeletes(db: Db): string[] {
  return (db.prepare('SELECT path FROM pending_deletes ORDER BY path').all() as { path: string }[]).map((r) => r.path);
}

export function forgetPendingDelete(db: Db, path: string): void {
  db.prepare('DELETE FROM pending_deletes WHERE path = ?').run(path);
}

/** Live runs trained on any version of the dataset. */
export function runsUsingDataset(db: Db, datasetId: string): string[] {
  const versions = (db.prepare('SELECT version_id FROM dataset_versions WHERE dataset_id = ?').all(datasetId) as { version_id: string }[]).map((r) => r.version_id);
  const runs = db.prepare('SELECT run_id, datasets_json FROM runs WHERE deleted_at IS NULL').all() as { run_id: string; datasets_json: string }[];
  return runs.filter((r) => (JSON.parse(r.datasets_json) as { datasets: { versionId: string }[] }).datasets.some((d) => versions.includes(d.versionId)))
    .map((r) => r.run_id);
}

/** The dataset's versions. */
export function versionsOfDataset(db: Db, datasetId: string): { versionId: string; sourceFolder: string }[] {
  return (db.prepare('SELECT version_id, source_folder FROM dataset_versions WHERE dataset_id = ?').all(datasetId) as { version_id: string; source_folder: string }[])
    .map((r) => ({ versionId: r.version_id, sourceFolder: r.source_folder }));
}

/** Stored files of a batch that no live batch other than it shares, with their sizes. */
export function batchOwnFiles(db: Db, batchId: string): { path: string; bytes: number }[] {
  return db.prepare(`SELECT path, MAX(COALESCE(bytes, 0)) AS bytes FROM samples s WHERE batch_id = ? AND NOT EXISTS
    (SELECT 1 FROM samples o JOIN sample_batches b ON b.batch_id = o.batch_id WHERE o.sha256 = s.sha256 AND o.batch_id <> s.batch_id AND b.deleted_at IS NULL)
    GROUP BY path`).all(batchId) as { path: string; bytes: number }[];
}

/** Live batches of a run. */
export function liveBatchesOfRun(db: Db, runId: string): string[] {
  return (db.prepare('SELECT batch_id FROM sample_batches WHERE run_id = ? AND deleted_at IS NULL').all(runId) as { batch_id: string }[]).map((r) => r.batch_id);
}

/** Renames a dataset; false when the new name is taken. */
export function renameDataset(db: Db, datasetId: string, name: string): boolean {
  const taken = db.prepare('SELECT 1 FROM datasets WHERE name = ? AND dataset_id <> ?').get(name, datasetId);
  if (taken) return false;
  db.prepare(`UPDATE datasets SET name = ?, updated_at = ? WHERE dataset_id = ?`).run(name, now(), datasetId);
  return true;
}
