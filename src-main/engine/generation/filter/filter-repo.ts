import type { BatchFilter, RejectReason } from '../../../shared/domain/sample';
import type { Db } from '../../db/database';
import { insertSamples } from '../samples-repo';

/** Data access for the classifier filter's provenance: a batch's filter_json and its rejected_samples rows. */

/** What filter_json holds: the settings from the start, the classifier once the job has it. */
export type FilterRecord = Pick<BatchFilter, 'minConfidence' | 'nearDuplicateFraction' | 'maxDrawFactor' | 'classifier'>;

export interface RejectRow {
  classIndex: number;
  sampleIndex: number;
  reason: RejectReason;
  confidence: number;
  predictedIndex: number;
  duplicateOf: number | null;
  distance: number | null;
}

export interface KeptRow { classIndex: number; sampleIndex: number; sha256: string; path: string; bytes: number }

export function getFilterRecord(db: Db, batchId: string): FilterRecord | null {
  const row = db.prepare('SELECT filter_json FROM sample_batches WHERE batch_id = ?').get(batchId) as { filter_json: string | null } | undefined;
  return row?.filter_json ? (JSON.parse(row.filter_json) as FilterRecord) : null;
}

export function setFilterRecord(db: Db, batchId: string, record: FilterRecord): void {
  db.prepare('UPDATE sample_batches SET filter_json = ? WHERE batch_id = ?').run(JSON.stringify(record), batchId);
}

/** One chunk's kept samples and rejects, in one transaction: a stop or crash leaves whole chunks only. */
export function insertFilteredChunk(db: Db, batchId: string, kept: KeptRow[], rejects: RejectRow[]): void {
  const stmt = db.prepare(`INSERT OR IGNORE INTO rejected_samples (batch_id, class_index, sample_index, reason, confidence, predicted_index,
    duplicate_of, distance) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  db.transaction(() => {
    insertSamples(db, batchId, kept);
    for (const r of rejects) stmt.run(batchId, r.classIndex, r.sampleIndex, r.reason, r.confidence, r.predictedIndex, r.duplicateOf, r.distance);
  })();
}

/** Where a class of a filtered batch stands: its kept samples (index order) and the next latent index to draw. */
export function classProgress(db: Db, batchId: string, classIndex: number): { kept: { sampleIndex: number; path: string }[]; frontier: number } {
  const kept = (db.prepare('SELECT sample_index, path FROM samples WHERE batch_id = ? AND class_index = ? ORDER BY sample_index').all(batchId, classIndex) as
    { sample_index: number; path: string }[]).map((r) => ({ sampleIndex: r.sample_index, path: r.path }));
  const top = db.prepare(`SELECT MAX(i) AS i FROM (SELECT MAX(sample_index) AS i FROM samples WHERE batch_id = ? AND class_index = ?
    UNION ALL SELECT MAX(sample_index) FROM rejected_samples WHERE batch_id = ? AND class_index = ?)`).get(batchId, classIndex, batchId, classIndex) as { i: number | null };
  return { kept, frontier: top.i === null ? 0 : top.i + 1 };
}

/** The `n` most confident rejects of a class not yet kept to fill, most confident first (ties: lower index). */
export function topRejects(db: Db, batchId: string, classIndex: number, n: number): { sampleIndex: number; confidence: number }[] {
  return (db.prepare(`SELECT sample_index, confidence FROM rejected_samples WHERE batch_id = ? AND class_index = ? AND kept_to_fill = 0
    ORDER BY confidence DESC, sample_index LIMIT ?`).all(batchId, classIndex, n) as { sample_index: number; confidence: number }[])
    .map((r) => ({ sampleIndex: r.sample_index, confidence: r.confidence }));
}

/** Keeps rejects to reach N: their sample rows and their kept_to_fill mark, in one transaction. */
export function keepToFill(db: Db, batchId: string, rows: KeptRow[]): void {
  const mark = db.prepare('UPDATE rejected_samples SET kept_to_fill = 1 WHERE batch_id = ? AND class_index = ? AND sample_index = ?');
  db.transaction(() => {
    insertSamples(db, batchId, rows);
    for (const r of rows) mark.run(batchId, r.classIndex, r.sampleIndex);
  })();
}

/** Per class: kept samples, rejects by reason (not kept to fill) and rejects kept to fill. */
export function filterCounts(db: Db, batchId: string): Map<number, { kept: number; lowConfidence: number; nearDuplicate: number; filled: number }> {
  const out = new Map<number, { kept: number; lowConfidence: number; nearDuplicate: number; filled: number }>();
  const at = (c: number) => out.get(c) ?? out.set(c, { kept: 0, lowConfidence: 0, nearDuplicate: 0, filled: 0 }).get(c)!;
  for (const r of db.prepare('SELECT class_index AS c, COUNT(*) AS n FROM samples WHERE batch_id = ? GROUP BY class_index').all(batchId) as { c: number; n: number }[]) at(r.c).kept = r.n;
  const rejects = db.prepare(`SELECT class_index AS c, reason, kept_to_fill AS f, COUNT(*) AS n FROM rejected_samples WHERE batch_id = ?
    GROUP BY class_index, reason, kept_to_fill`).all(batchId) as { c: number; reason: RejectReason; f: number; n: number }[];
  for (const r of rejects) {
    const x = at(r.c);
    if (r.f === 1) x.filled += r.n;
    else if (r.reason === 'low_confidence') x.lowConfidence += r.n;
    else x.nearDuplicate += r.n;
  }
  return out;
}

/** Rejects of a batch in (class, index) order (tests and exports of provenance read them). */
export function listRejects(db: Db, batchId: string): (RejectRow & { keptToFill: boolean })[] {
  return (db.prepare('SELECT * FROM rejected_samples WHERE batch_id = ? ORDER BY class_index, sample_index').all(batchId) as
    { class_index: number; sample_index: number; reason: RejectReason; confidence: number; predicted_index: number; duplicate_of: number | null;
      distance: number | null; kept_to_fill: number }[]).map((r) => ({
    classIndex: r.class_index, sampleIndex: r.sample_index, reason: r.reason, confidence: r.confidence, predictedIndex: r.predicted_index,
    duplicateOf: r.duplicate_of, distance: r.distance, keptToFill: r.kept_to_fill === 1,
  }));
}
