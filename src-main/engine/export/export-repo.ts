import type { Db } from '../db/database';

/** Data access for exports: which export holds which file, and which sample or real image each file is. */

export interface NewExport {
  exportId: string; out: string; format: string; resolution: number | null; withRealVersionId: string | null; ratio: number | null;
  batchIds: string[]; synthetic: number; real: number;
  files: { fileName: string; sha256: string; label: string; sampleId: number | null; realVersionId: string | null; sourceSha256: string | null }[];
}

/** Writes the export and its files as pending (completed_at null), in one transaction, before the folder is put in place. */
export function insertPendingExport(db: Db, e: NewExport): void {
  const file = db.prepare(`INSERT INTO export_files (export_id, file_name, sha256, label, sample_id, real_version_id, source_sha256)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  db.transaction(() => {
    db.prepare(`INSERT INTO exports (export_id, out_dir, format, resolution, with_real_version_id, ratio, batch_ids_json, files, synthetic, real, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(e.exportId, e.out, e.format, e.resolution, e.withRealVersionId, e.ratio, JSON.stringify(e.batchIds),
      e.files.length, e.synthetic, e.real, new Date().toISOString());
    for (const f of e.files) file.run(e.exportId, f.fileName, f.sha256, f.label, f.sampleId, f.realVersionId, f.sourceSha256);
  })();
}

/** The folder is in place: marks the export complete and earlier exports to the same folder replaced. */
export function completeExport(db: Db, exportId: string, out: string): void {
  const now = new Date().toISOString();
  db.transaction(() => {
    db.prepare('UPDATE exports SET completed_at = ? WHERE export_id = ?').run(now, exportId);
    db.prepare('UPDATE exports SET replaced_at = ? WHERE out_dir = ? AND export_id <> ? AND replaced_at IS NULL').run(now, out, exportId);
  })();
}

/** Forgets an export whose folder never got in place. */
export function dropExport(db: Db, exportId: string): void {
  db.prepare('DELETE FROM exports WHERE export_id = ?').run(exportId);
}

export interface ExportFileRow {
  export_id: string; out_dir: string; file_name: string; sha256: string; label: string; sample_id: number | null;
  real_version_id: string | null; source_sha256: string | null;
}

/** Exported files with these bytes, newest export first. */
export function findExportFiles(db: Db, sha256: string): ExportFileRow[] {
  return db.prepare(`SELECT f.*, e.out_dir FROM export_files f JOIN exports e ON e.export_id = f.export_id WHERE f.sha256 = ?
    ORDER BY e.created_at DESC`).all(sha256) as ExportFileRow[];
}

/** Exported files of a sample. */
export function exportsOfSample(db: Db, sampleId: number): ExportFileRow[] {
  return db.prepare(`SELECT f.*, e.out_dir FROM export_files f JOIN exports e ON e.export_id = f.export_id WHERE f.sample_id = ?
    ORDER BY e.created_at DESC`).all(sampleId) as ExportFileRow[];
}
