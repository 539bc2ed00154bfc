import type { Db } from '../db/database';
import type { GenerationRecipe, KeptFilter, Sample, SampleBatch, WeightsKind } from '../../shared/domain/sample';
import type { RunStatus } from '../../shared/domain/job';
import { batchFilter } from './filter/filter-summary';

/** Data access for batches and samples: `(db, ...) => Domain | null`, bound parameters only. */

interface BatchRow {
  batch_id: string; run_id: string; checkpoint_step: number; weights: string; seed: number; truncation: number | null; per_class: number;
  resolution: number; channels: number; dataset_version_id: string; classes_json: string; run_snapshot_json: string; recipe_json: string;
  created_at: string; status: string | null; error: string | null; deleted_at: string | null; direction: string | null;
}
interface SampleRow { sample_id: number; batch_id: string; class_index: number; sample_index: number; sha256: string; path: string; kept: number; source_sha256?: string | null }

/**
 * The run as it was when a batch was made: what lineage shows even if the run row is gone. `config` is what sampled:
 * the run's, with the batch's own sampling settings over it; `sampling` names those settings (absent when there were
 * none, as in every batch from before they existed).
 */
export interface RunSnapshot { config: Record<string, unknown>; classNames: string[]; datasets: unknown[]; sampling?: Record<string, number> }

export interface NewBatch {
  batchId: string; runId: string; checkpointStep: number; weights: WeightsKind; seed: number; truncation: number | null; perClass: number;
  resolution: number; channels: number; datasetVersionId: string; classes: { index: number; name: string }[]; snapshot: RunSnapshot;
  recipe: GenerationRecipe;
  /** The classifier filter's settings; absent = made without it. */
  filter?: { minConfidence: number; nearDuplicateFraction: number; maxDrawFactor: number };
}

export function insertBatch(db: Db, b: NewBatch): void {
  db.prepare(`INSERT INTO sample_batches (batch_id, run_id, checkpoint_step, weights, seed, truncation, per_class, resolution, channels,
    dataset_version_id, classes_json, run_snapshot_json, recipe_json, created_at, filter_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
    b.batchId, b.runId, b.checkpointStep, b.weights, b.seed, b.truncation, b.perClass, b.resolution, b.channels, b.datasetVersionId,
    JSON.stringify(b.classes), JSON.stringify(b.snapshot), JSON.stringify(b.recipe), new Date().toISOString(),
    b.filter ? JSON.stringify({ ...b.filter, classifier: null }) : null);
}

const SELECT = `SELECT b.*, j.status, j.error FROM sample_batches b LEFT JOIN jobs j ON j.job_id = b.batch_id`;

function toBatch(db: Db, r: BatchRow): SampleBatch {
  const classes = JSON.parse(r.classes_json) as { index: number; name: string }[];
  const counts = new Map((db.prepare('SELECT class_index AS c, COUNT(*) AS n FROM samples WHERE batch_id = ? GROUP BY class_index')
    .all(r.batch_id) as { c: number; n: number }[]).map((x) => [x.c, x.n]));
  return {
    batchId: r.batch_id, runId: r.run_id, kind: r.direction ? 'translate' : 'generate', status: (r.status ?? 'completed') as RunStatus, checkpointStep: r.checkpoint_step,
    weights: r.weights as WeightsKind, seed: r.seed, truncation: r.truncation, perClass: r.per_class, resolution: r.resolution,
    channels: r.channels, datasetVersionId: r.dataset_version_id,
    classes: classes.map((c) => ({ ...c, count: counts.get(c.index) ?? 0 })), count: [...counts.values()].reduce((a, b) => a + b, 0),
    recipe: JSON.parse(r.recipe_json) as GenerationRecipe, error: r.error, createdAt: r.created_at, deletedAt: r.deleted_at ?? null,
    diskBytes: r.deleted_at ? 0 : batchDiskBytes(db, r.batch_id), direction: null, targetVersionId: null,
    filter: batchFilter(db, r.batch_id, classes, r.per_class),
    sampling: (JSON.parse(r.run_snapshot_json) as RunSnapshot).sampling ?? null,
  };
}

/**
 * Bytes of the sample files a batch holds in the content-addressed store: each distinct file once (equal images
 * of one batch share a file). A file shared with another batch counts for both, so the batches' sums can exceed
 * the store's size; deleting a batch frees only the files no other batch holds. Rows not measured yet
 * (`fillSampleBytes`) count 0. Read from the index samples_batch_bytes alone: ~20 ms for 100,000 samples.
 */
export function batchDiskBytes(db: Db, batchId: string): number {
  return (db.prepare(`SELECT COALESCE(SUM(b), 0) AS n FROM (SELECT MAX(bytes) AS b FROM samples WHERE batch_id = ? GROUP BY sha256)`)
    .get(batchId) as { n: number }).n;
}

export function getBatch(db: Db, batchId: string): SampleBatch | null {
  const row = db.prepare(`${SELECT} WHERE b.batch_id = ?`).get(batchId) as BatchRow | undefined;
  return row ? toBatch(db, row) : null;
}

export function listBatches(db: Db, runId?: string): SampleBatch[] {
  const rows = (runId ? db.prepare(`${SELECT} WHERE b.run_id = ? AND b.deleted_at IS NULL ORDER BY b.created_at DESC`).all(runId)
    : db.prepare(`${SELECT} WHERE b.deleted_at IS NULL ORDER BY b.created_at DESC`).all()) as BatchRow[];
  return rows.map((r) => toBatch(db, r));
}

export function getRunSnapshot(db: Db, batchId: string): RunSnapshot | null {
  const row = db.prepare('SELECT run_snapshot_json FROM sample_batches WHERE batch_id = ?').get(batchId) as { run_snapshot_json: string } | undefined;
  return row ? (JSON.parse(row.run_snapshot_json) as RunSnapshot) : null;
}

/**
 * Class index → name of a batch's classes, as the batch recorded them: a cGAN batch's classes of its run, a
 * translation's classes of its labeled source or the one class named after the target domain (a CycleGAN run
 * has no class names of its own). Falls back to the run snapshot's names; empty for an unknown batch.
 */
export function batchClassNames(db: Db, batchId: string): Map<number, string> {
  const row = db.prepare('SELECT classes_json, run_snapshot_json FROM sample_batches WHERE batch_id = ?').get(batchId) as
    { classes_json: string; run_snapshot_json: string } | undefined;
  if (!row) return new Map();
  const names = new Map((JSON.parse(row.run_snapshot_json) as RunSnapshot).classNames.map((n, i) => [i, n]));
  for (const c of JSON.parse(row.classes_json) as { index: number; name: string }[]) names.set(c.index, c.name);
  return names;
}

export function setRecipe(db: Db, batchId: string, recipe: GenerationRecipe): void {
  db.prepare('UPDATE sample_batches SET recipe_json = ? WHERE batch_id = ?').run(JSON.stringify(recipe), batchId);
}

/** Inserts one chunk's samples in one transaction; an existing (batch, class, index) is left as it is. `bytes`: the stored file's size. */
export function insertSamples(db: Db, batchId: string, rows: { classIndex: number; sampleIndex: number; sha256: string; path: string; bytes: number }[]): void {
  const stmt = db.prepare('INSERT OR IGNORE INTO samples (batch_id, class_index, sample_index, sha256, path, bytes) VALUES (?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (const r of rows) stmt.run(batchId, r.classIndex, r.sampleIndex, r.sha256, r.path, r.bytes);
  })();
}

/** How many samples of each class a batch holds already (a resumed job skips them). */
export function countByClass(db: Db, batchId: string): Map<number, number> {
  return new Map((db.prepare('SELECT class_index AS c, COUNT(*) AS n FROM samples WHERE batch_id = ? GROUP BY class_index').all(batchId) as
    { c: number; n: number }[]).map((x) => [x.c, x.n]));
}

const toSample = (r: SampleRow, names: Map<number, string>): Sample => ({
  sampleId: r.sample_id, batchId: r.batch_id, classIndex: r.class_index, className: names.get(r.class_index) ?? String(r.class_index),
  sampleIndex: r.sample_index, sha256: r.sha256, path: r.path, kept: r.kept === 1, sourceSha256: r.source_sha256 ?? null,
});

const KEPT_WHERE: Record<KeptFilter, string> = { all: '', kept: ' AND kept = 1', rejected: ' AND kept = 0' };

/** Samples of a batch in (class, index) order, paged; `kept` lists all of them (default), or only the kept or the rejected ones. */
export function listSamples(db: Db, batchId: string, o: { classIndex?: number; kept?: KeptFilter; offset?: number; limit?: number } = {}): { total: number; samples: Sample[] } {
  const names = batchClassNames(db, batchId);
  const where = `batch_id = ?${o.classIndex !== undefined ? ' AND class_index = ?' : ''}${KEPT_WHERE[o.kept ?? 'all']}`;
  const args: unknown[] = o.classIndex !== undefined ? [batchId, o.classIndex] : [batchId];
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM samples WHERE ${where}`).get(...args) as { n: number }).n;
  const rows = db.prepare(`SELECT * FROM samples WHERE ${where} ORDER BY class_index, sample_index LIMIT ? OFFSET ?`)
    .all(...args, o.limit ?? -1, o.offset ?? 0) as SampleRow[];
  return { total, samples: rows.map((r) => toSample(r, names)) };
}

export function getSample(db: Db, sampleId: number): Sample | null {
  const row = db.prepare('SELECT * FROM samples WHERE sample_id = ?').get(sampleId) as SampleRow | undefined;
  return row ? toSample(row, batchClassNames(db, row.batch_id)) : null;
}

/** Sets the kept flag of samples; returns how many rows changed. */
export function setKept(db: Db, sampleIds: number[], kept: boolean): number {
  const stmt = db.prepare('UPDATE samples SET kept = ? WHERE sample_id = ?');
  return db.transaction(() => sampleIds.reduce((n, id) => n + stmt.run(kept ? 1 : 0, id).changes, 0))();
}

/** Class index → kept samples of a batch. */
export function keptCountsByClass(db: Db, batchId: string): Map<number, number> {
  return new Map((db.prepare('SELECT class_index AS c, COUNT(*) AS n FROM samples WHERE batch_id = ? AND kept = 1 GROUP BY class_index')
    .all(batchId) as { c: number; n: number }[]).map((r) => [r.c, r.n]));
}

/** Up to `limit` samples after `afterId` whose stored size is not recorded yet (rows from before schema 7). */
export function samplesWithoutBytes(db: Db, afterId: number, limit: number): { id: number; path: string }[] {
  return db.prepare('SELECT sample_id AS id, path FROM samples WHERE bytes IS NULL AND sample_id > ? ORDER BY sample_id LIMIT ?').all(afterId, limit) as
    { id: number; path: string }[];
}

/** Records stored sizes, in one transaction. */
export function setSampleBytes(db: Db, sizes: { id: number; bytes: number }[]): void {
  const update = db.prepare('UPDATE samples SET bytes = ? WHERE sample_id = ? AND bytes IS NULL');
  db.transaction(() => sizes.forEach((s) => update.run(s.bytes, s.id)))();
}

/** Samples of a batch that an export contains (their lineage needs the batch). */
export function exportedSamplesOfBatch(db: Db, batchId: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM export_files f JOIN samples s ON s.sample_id = f.sample_id WHERE s.batch_id = ?`).get(batchId) as { n: number }).n;
}

/** Deletes a batch and its sample rows in one transaction; returns the stored files no other batch shares (to delete). */
export function deleteBatchRows(db: Db, batchId: string): string[] {
  return db.transaction(() => {
    const rows = db.prepare(`SELECT path FROM samples s WHERE batch_id = ? AND NOT EXISTS
      (SELECT 1 FROM samples o WHERE o.sha256 = s.sha256 AND o.batch_id <> s.batch_id)`).all(batchId) as { path: string }[];
    db.prepare('DELETE FROM sample_batches WHERE batch_id = ?').run(batchId);
    return rows.map((r) => r.path);
  })();
}

/** A sample's batch, class, index and translation source, by id. */
export function getSampleRow(db: Db, sampleId: number): { batchId: string; classIndex: number; sampleIndex: number; sourceSha256: string | null; sourcePath: string | null } | null {
  const s = db.prepare('SELECT batch_id, class_index, sample_index, source_sha256, source_path FROM samples WHERE sample_id = ?').get(sampleId) as
    { batch_id: string; class_index: number; sample_index: number; source_sha256: string | null; source_path: string | null } | undefined;
  return s ? { batchId: s.batch_id, classIndex: s.class_index, sampleIndex: s.sample_index, sourceSha256: s.source_sha256, sourcePath: s.source_path } : null;
}

/** The first stored sample with these bytes, or null. */
export function findSampleBySha(db: Db, sha256: string): number | null {
  const row = db.prepare('SELECT sample_id FROM samples WHERE sha256 = ? ORDER BY sample_id LIMIT 1').get(sha256) as { sample_id: number } | undefined;
  return row?.sample_id ?? null;
}

/** A batch's kept samples, in class then index order (streamed: an export may hold 100,000). */
export function iterateKeptSamples(db: Db, batchId: string): IterableIterator<{ sample_id: number; class_index: number; sample_index: number; sha256: string;
  path: string; source_sha256: string | null }> {
  return db.prepare(`SELECT sample_id, class_index, sample_index, sha256, path, source_sha256 FROM samples WHERE batch_id = ? AND kept = 1
    ORDER BY class_index, sample_index`).iterate(batchId) as IterableIterator<{ sample_id: number; class_index: number; sample_index: number; sha256: string;
    path: string; source_sha256: string | null }>;
}
