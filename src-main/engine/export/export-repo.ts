import type { ExportSummary } from '../../shared/domain/export';
import type { Db } from '../db/database';

/** Data access for exports: which export holds which file, and which sample or real image each file is. */

export interface NewExport {
  exportId: string; out: string; format: string; resolution: number | null; withRealVersionId: string | null; ratio: number | null;
  batchIds: string[]; files: number; synthetic: number; real: number;
  /** The hidden temporary folder the export is written to, and the pid of the process writing it. */
  tmpDir: string; writerPid: number;
}

export interface NewExportFile {
  fileName: string; sha256: string; label: string; sampleId: number | null; realVersionId: string | null; sourceSha256: string | null;
}

/**
 * Records an export as pending (completed_at null) before anything is written, with its temporary folder and
 * writer's pid: an export that a crash leaves pending is then found and cleaned up (recover-exports.ts).
 */
export function beginExport(db: Db, e: NewExport): void {
  db.prepare(`INSERT INTO exports (export_id, out_dir, format, resolution, with_real_version_id, ratio, batch_ids_json, files, synthetic, real, created_at,
    tmp_dir, writer_pid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(e.exportId, e.out, e.format, e.resolution, e.withRealVersionId, e.ratio,
    JSON.stringify(e.batchIds), e.files, e.synthetic, e.real, new Date().toISOString(), e.tmpDir, e.writerPid);
}

/** The files of a pending export, in one transaction, once they are written and before the folder is put in place. */
export function insertExportFiles(db: Db, exportId: string, files: NewExportFile[]): void {
  const file = db.prepare(`INSERT INTO export_files (export_id, file_name, sha256, label, sample_id, real_version_id, source_sha256)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  db.transaction(() => {
    for (const f of files) file.run(exportId, f.fileName, f.sha256, f.label, f.sampleId, f.realVersionId, f.sourceSha256);
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

/** Forgets an export whose folder never got in place (its files go with it: ON DELETE CASCADE). */
export function dropExport(db: Db, exportId: string): void {
  db.prepare('DELETE FROM exports WHERE export_id = ?').run(exportId);
}

export interface ExportRow { exportId: string; out: string; files: number; createdAt: string; completedAt: string | null; replacedAt: string | null }

/** One export by id, pending or not; null when there is none. */
export function getExport(db: Db, exportId: string): ExportRow | null {
  const r = db.prepare('SELECT export_id, out_dir, files, created_at, completed_at, replaced_at FROM exports WHERE export_id = ?').get(exportId) as
    { export_id: string; out_dir: string; files: number; created_at: string; completed_at: string | null; replaced_at: string | null } | undefined;
  return r ? { exportId: r.export_id, out: r.out_dir, files: r.files, createdAt: r.created_at, completedAt: r.completed_at, replacedAt: r.replaced_at } : null;
}

/**
 * The exports a user can still open, newest first: completed, and neither replaced by a later export to the
 * same folder nor deleted. `limit` caps the list (a history, not an archive).
 */
export function listCurrentExports(db: Db, limit = 200): ExportSummary[] {
  const rows = db.prepare(`SELECT export_id, out_dir, format, batch_ids_json, files, synthetic, real, created_at FROM exports
    WHERE completed_at IS NOT NULL AND replaced_at IS NULL AND deleted_at IS NULL ORDER BY created_at DESC, rowid DESC LIMIT ?`).all(limit) as
    { export_id: string; out_dir: string; format: string; batch_ids_json: string; files: number; synthetic: number; real: number; created_at: string }[];
  return rows.map((r) => ({
    exportId: r.export_id, out: r.out_dir, format: r.format, batchIds: JSON.parse(r.batch_ids_json) as string[],
    files: r.files, synthetic: r.synthetic, real: r.real, createdAt: r.created_at,
  }));
}

export interface PendingExport { exportId: string; out: string; tmpDir: string | null; writerPid: number | null }

/** Exports not completed yet: in progress, or left behind by a process that died (null pid/folder: written before migration 006). */
export function listPendingExports(db: Db): PendingExport[] {
  return (db.prepare('SELECT export_id, out_dir, tmp_dir, writer_pid FROM exports WHERE completed_at IS NULL ORDER BY created_at').all() as
    { export_id: string; out_dir: string; tmp_dir: string | null; writer_pid: number | null }[])
    .map((r) => ({ exportId: r.export_id, out: r.out_dir, tmpDir: r.tmp_dir, writerPid: r.writer_pid }));
}

export interface ExportFileRow {
  export_id: string; out_dir: string; file_name: string; sha256: string; label: string; sample_id: number | null;
  real_version_id: string | null; source_sha256: string | null;
}

/** Exported files with these bytes in completed exports, newest export first. */
export function findExportFiles(db: Db, sha256: string): ExportFileRow[] {
  return db.prepare(`SELECT f.*, e.out_dir FROM export_files f JOIN exports e ON e.export_id = f.export_id WHERE f.sha256 = ? AND e.completed_at IS NOT NULL
    ORDER BY e.created_at DESC`).all(sha256) as ExportFileRow[];
}

/** Exported files of a sample, in completed exports. */
export function exportsOfSample(db: Db, sampleId: number): ExportFileRow[] {
  return db.prepare(`SELECT f.*, e.out_dir FROM export_files f JOIN exports e ON e.export_id = f.export_id WHERE f.sample_id = ? AND e.completed_at IS NOT NULL
    ORDER BY e.created_at DESC`).all(sampleId) as ExportFileRow[];
}

/** The export now standing at `out` (completed and not replaced), newest first; null when none. */
export function currentExportAt(db: Db, outs: string[]): ExportRow | null {
  const marks = outs.map(() => '?').join(', ');
  const r = db.prepare(`SELECT export_id, out_dir, files, created_at, completed_at, replaced_at FROM exports
    WHERE out_dir IN (${marks}) AND completed_at IS NOT NULL AND replaced_at IS NULL ORDER BY completed_at DESC LIMIT 1`).get(...outs) as
    { export_id: string; out_dir: string; files: number; created_at: string; completed_at: string | null; replaced_at: string | null } | undefined;
  return r ? { exportId: r.export_id, out: r.out_dir, files: r.files, createdAt: r.created_at, completedAt: r.completed_at, replacedAt: r.replaced_at } : null;
}

/** The relative names of the image files an export wrote (`cat/syn_….png`). */
export function exportFileNames(db: Db, exportId: string): string[] {
  return (db.prepare('SELECT file_name FROM export_files WHERE export_id = ?').all(exportId) as { file_name: string }[]).map((r) => r.file_name);
}

/**
 * Claims `out` for a new export in one IMMEDIATE transaction: refused when another live process (this one
 * included) has an export to the same folder pending, so two exports never race for one folder. Then records
 * the new export as pending (beginExport).
 * @returns the pid of the live writer that holds `out`, or null when the claim succeeded.
 */
export function claimExportTarget(db: Db, e: NewExport, isAlive: (pid: number) => boolean): number | null {
  const claim = db.transaction((): number | null => {
    const pending = db.prepare('SELECT writer_pid FROM exports WHERE out_dir = ? AND completed_at IS NULL').all(e.out) as { writer_pid: number | null }[];
    const holder = pending.find((p) => p.writer_pid !== null && isAlive(p.writer_pid));
    if (holder) return holder.writer_pid;
    beginExport(db, e);
    return null;
  });
  return claim.immediate();
}
