import type { Db } from '../db/database';

/** Translation-specific columns of generated batches and samples (migration 005). Bound parameters only. */

/** A direction the run's model offers (`a2b`, `b2a`). */
export type Direction = string;

/** What a translation batch read: a folder, or a dataset version (labeled ones keep their classes). */
export type TranslationSource = { kind: 'dir'; path: string } | { kind: 'dataset'; ref: string; versionId: string; labeled: boolean };

export function setBatchTranslation(db: Db, batchId: string, direction: Direction, source: TranslationSource): void {
  db.prepare('UPDATE sample_batches SET direction = ?, source_json = ? WHERE batch_id = ?').run(direction, JSON.stringify(source), batchId);
}

export interface TranslatedSample {
  classIndex: number;
  sampleIndex: number;
  sha256: string;
  /** Relative to the studio home (content-addressed, as cGAN samples). */
  path: string;
  /** The stored file's size; null on rows from before schema 7 not measured yet (`fillSampleBytes`). */
  bytes: number | null;
  sourceSha256: string;
  sourcePath: string;
}

/** One chunk of outputs in one transaction. */
export function insertTranslatedSamples(db: Db, batchId: string, rows: TranslatedSample[]): void {
  const stmt = db.prepare(`INSERT INTO samples (batch_id, class_index, sample_index, sha256, path, bytes, source_sha256, source_path)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  db.transaction(() => {
    for (const r of rows) stmt.run(batchId, r.classIndex, r.sampleIndex, r.sha256, r.path, r.bytes, r.sourceSha256, r.sourcePath);
  })();
}

/** Outputs stored so far (a resumed translation continues after them). */
export function countTranslated(db: Db, batchId: string): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM samples WHERE batch_id = ?').get(batchId) as { n: number }).n;
}

/** The translation facts of a batch, or null for a cGAN batch / unknown id. */
export function getBatchTranslation(db: Db, batchId: string): { direction: Direction; source: TranslationSource } | null {
  const row = db.prepare('SELECT direction, source_json FROM sample_batches WHERE batch_id = ?').get(batchId) as
    { direction: string | null; source_json: string | null } | undefined;
  if (!row?.direction || !row.source_json) return null;
  return { direction: row.direction as Direction, source: JSON.parse(row.source_json) as TranslationSource };
}

/** Outputs of a batch with their sources, in class then input order. */
export function listTranslatedSamples(db: Db, batchId: string): TranslatedSample[] {
  return (db.prepare(`SELECT class_index, sample_index, sha256, path, bytes, source_sha256, source_path FROM samples WHERE batch_id = ?
    ORDER BY class_index, sample_index`).all(batchId) as { class_index: number; sample_index: number; sha256: string; path: string;
    bytes: number | null; source_sha256: string; source_path: string }[]).map((r) => ({ classIndex: r.class_index, sampleIndex: r.sample_index,
    sha256: r.sha256, path: r.path, bytes: r.bytes, sourceSha256: r.source_sha256, sourcePath: r.source_path }));
}
