import { join } from 'node:path';
import type { DatasetDiff, DatasetKind, DatasetSummary, SkippedFile } from '../../shared/domain/dataset';
import type { Db } from '../db/database';
import type { ManifestClass, ManifestEntry } from './manifest';

/** Data access for datasets: `(db, ...) => Domain | null`, bound parameters only, writes in one transaction. */

export interface DatasetRecord {
  datasetId: string;
  name: string;
  kind: DatasetKind;
  latestVersionId: string | null;
}

export interface VersionRecord {
  versionId: string;
  datasetId: string;
  seq: number;
  sourceFolder: string;
  count: number;
  holdoutFraction: number;
  splitSeed: number;
  createdAt: string;
}

/** A frozen file with its class, as later stages read it. */
export interface VersionFile extends ManifestEntry {
  fileIndex: number;
}

interface DatasetRow { dataset_id: string; name: string; kind: string; latest_version_id: string | null }
interface VersionRow {
  version_id: string; dataset_id: string; seq: number; source_folder: string; count: number;
  holdout_fraction: number; split_seed: number; created_at: string;
}

const toDataset = (r: DatasetRow): DatasetRecord => ({ datasetId: r.dataset_id, name: r.name, kind: r.kind as DatasetKind, latestVersionId: r.latest_version_id });
const toVersion = (r: VersionRow): VersionRecord => ({
  versionId: r.version_id, datasetId: r.dataset_id, seq: r.seq, sourceFolder: r.source_folder, count: r.count,
  holdoutFraction: r.holdout_fraction, splitSeed: r.split_seed, createdAt: r.created_at,
});

export function findDatasetByName(db: Db, name: string): DatasetRecord | null {
  const row = db.prepare('SELECT * FROM datasets WHERE name = ? AND deleted_at IS NULL').get(name) as DatasetRow | undefined;
  return row ? toDataset(row) : null;
}

export function findDatasetById(db: Db, datasetId: string): DatasetRecord | null {
  const row = db.prepare('SELECT * FROM datasets WHERE dataset_id = ? AND deleted_at IS NULL').get(datasetId) as DatasetRow | undefined;
  return row ? toDataset(row) : null;
}

export function findVersion(db: Db, versionId: string): VersionRecord | null {
  const row = db.prepare('SELECT * FROM dataset_versions WHERE version_id = ?').get(versionId) as VersionRow | undefined;
  return row ? toVersion(row) : null;
}

/** A version of a dataset by number (`3`), full id, or unambiguous id prefix. */
export function findVersionOfDataset(db: Db, datasetId: string, ref: string): VersionRecord | null {
  const rows = (/^\d+$/.test(ref)
    ? db.prepare('SELECT * FROM dataset_versions WHERE dataset_id = ? AND seq = ?').all(datasetId, Number(ref))
    : db.prepare("SELECT * FROM dataset_versions WHERE dataset_id = ? AND (version_id = ? OR substr(version_id, 1, length(?)) = ?)").all(datasetId, ref, ref, ref)) as VersionRow[];
  return rows.length === 1 && rows[0] ? toVersion(rows[0]) : null;
}

export function findVersionByManifest(db: Db, datasetId: string, manifestSha256: string): VersionRecord | null {
  const row = db.prepare('SELECT * FROM dataset_versions WHERE dataset_id = ? AND manifest_sha256 = ?').get(datasetId, manifestSha256) as VersionRow | undefined;
  return row ? toVersion(row) : null;
}

export function listDatasetRecords(db: Db): DatasetRecord[] {
  return (db.prepare('SELECT * FROM datasets WHERE deleted_at IS NULL ORDER BY name').all() as DatasetRow[]).map(toDataset);
}

/** Returns a lookup of what is known about an image's bytes from earlier imports (null when never seen). */
export function knownImageLookup(db: Db): (sha256: string) => { width: number; height: number; channels: number; format: string } | null {
  const stmt = db.prepare('SELECT width, height, channels, format FROM dataset_files WHERE sha256 = ? LIMIT 1');
  return (sha256) => (stmt.get(sha256) as { width: number; height: number; channels: number; format: string } | undefined) ?? null;
}

/** Absolute paths of imported files holding these bytes, newest version first (they may have changed since). */
export function findImageFiles(db: Db, sha256: string): string[] {
  const rows = db
    .prepare(
      'SELECT v.source_folder AS folder, f.rel_path AS rel FROM dataset_files f JOIN dataset_versions v ON v.version_id = f.version_id ' +
        'WHERE f.sha256 = ? ORDER BY v.created_at DESC LIMIT 20',
    )
    .all(sha256) as { folder: string; rel: string }[];
  return [...new Set(rows.map((r) => join(r.folder, r.rel)))];
}

/** Like findImageFiles, each with the dataset folder it was imported from (web mode reads only inside it). */
export function findImageCopies(db: Db, sha256: string): { folder: string; file: string }[] {
  const rows = db
    .prepare(
      'SELECT v.source_folder AS folder, f.rel_path AS rel FROM dataset_files f JOIN dataset_versions v ON v.version_id = f.version_id ' +
        'WHERE f.sha256 = ? ORDER BY v.created_at DESC LIMIT 20',
    )
    .all(sha256) as { folder: string; rel: string }[];
  const seen = new Set<string>();
  return rows.map((r) => ({ folder: r.folder, file: join(r.folder, r.rel) })).filter((c) => !seen.has(c.file) && Boolean(seen.add(c.file)));
}

export function listVersionClasses(db: Db, versionId: string): ManifestClass[] {
  return db.prepare('SELECT class_index AS "index", name, folder, count FROM dataset_classes WHERE version_id = ? ORDER BY class_index').all(versionId) as ManifestClass[];
}

/** The files of a version in manifest order, streamed (a cursor, not an array) so 100k rows stay cheap. */
export function iterateVersionFiles(db: Db, versionId: string): IterableIterator<VersionFile> {
  return db
    .prepare(
      'SELECT file_index AS fileIndex, rel_path AS rel, sha256, class_index AS classIndex, width, height, channels, format, split ' +
        'FROM dataset_files WHERE version_id = ? ORDER BY file_index',
    )
    .iterate(versionId) as IterableIterator<VersionFile>;
}

export interface NewVersion {
  dataset: { datasetId: string; name: string; kind: DatasetKind };
  versionId: string;
  manifestSha256: string;
  sourceFolder: string;
  holdoutFraction: number;
  splitSeed: number;
  classes: ManifestClass[];
  entries: ManifestEntry[];
  skipped: SkippedFile[];
  emptyClasses: string[];
}

/**
 * Writes a version, its classes and files, and makes it the dataset's latest, all in one IMMEDIATE transaction:
 * a killed process leaves either nothing or the whole version. Returns the diff against the previous latest.
 * Imports racing each other (two faces, two tabs) are settled inside the transaction: when another import of
 * the same folder state under this name finished first, that version is the one made latest (the same result);
 * when the name was taken meanwhile by a dataset of the other kind, `onKindConflict`'s error is thrown.
 */
export function insertVersion(db: Db, v: NewVersion, onKindConflict?: (existingKind: DatasetKind) => Error): DatasetDiff {
  const now = new Date().toISOString();
  const write = db.transaction((): DatasetDiff => {
    const taken = findDatasetById(db, v.dataset.datasetId);
    if (taken && taken.kind !== v.dataset.kind && onKindConflict) throw onKindConflict(taken.kind);
    if (taken && findVersion(db, v.versionId)) return markLatestIn(db, v.dataset.datasetId, v.versionId, now);
    db.prepare('INSERT OR IGNORE INTO datasets (dataset_id, name, kind, latest_version_id, created_at, updated_at) VALUES (?, ?, ?, NULL, ?, ?)')
      .run(v.dataset.datasetId, v.dataset.name, v.dataset.kind, now, now);
    const previous = findDatasetById(db, v.dataset.datasetId)?.latestVersionId ?? null;
    const { seq } = db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM dataset_versions WHERE dataset_id = ?').get(v.dataset.datasetId) as { seq: number };
    db.prepare(
      'INSERT INTO dataset_versions (version_id, dataset_id, seq, manifest_sha256, source_folder, count, holdout_fraction, split_seed, skipped_json, empty_classes_json, diff_json, created_at) ' +
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', ?)",
    ).run(v.versionId, v.dataset.datasetId, seq, v.manifestSha256, v.sourceFolder, v.entries.length, v.holdoutFraction, v.splitSeed, JSON.stringify(v.skipped), JSON.stringify(v.emptyClasses), now);
    const insertClass = db.prepare('INSERT INTO dataset_classes (version_id, class_index, name, folder, count) VALUES (?, ?, ?, ?, ?)');
    for (const c of v.classes) insertClass.run(v.versionId, c.index, c.name, c.folder, c.count);
    const insertFile = db.prepare(
      'INSERT INTO dataset_files (version_id, file_index, rel_path, sha256, class_index, width, height, channels, format, split) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    v.entries.forEach((e, i) => insertFile.run(v.versionId, i, e.rel, e.sha256, e.classIndex, e.width, e.height, e.channels, e.format, e.split));
    const diff = diffVersions(db, previous, v.versionId);
    db.prepare('UPDATE dataset_versions SET diff_json = ? WHERE version_id = ?').run(JSON.stringify(diff), v.versionId);
    db.prepare('UPDATE datasets SET latest_version_id = ?, updated_at = ? WHERE dataset_id = ?').run(v.versionId, now, v.dataset.datasetId);
    return diff;
  });
  return write.immediate();
}

/** Makes an existing version the latest again (re-import of an earlier state); returns the diff from the old latest. */
export function markLatest(db: Db, datasetId: string, versionId: string): DatasetDiff {
  const write = db.transaction((): DatasetDiff => markLatestIn(db, datasetId, versionId, new Date().toISOString()));
  return write.immediate();
}

function markLatestIn(db: Db, datasetId: string, versionId: string, now: string): DatasetDiff {
  const previous = findDatasetById(db, datasetId)?.latestVersionId ?? null;
  db.prepare('UPDATE datasets SET latest_version_id = ?, updated_at = ? WHERE dataset_id = ?').run(versionId, now, datasetId);
  return diffVersions(db, previous, versionId);
}

/** Files added, removed, and changed (same path, other bytes or class name) from `oldId` to `newId`. */
export function diffVersions(db: Db, oldId: string | null, newId: string): DatasetDiff {
  if (oldId === newId) return { added: 0, removed: 0, changed: 0 };
  const count = (sql: string, ...args: unknown[]): number => (db.prepare(sql).get(...args) as { n: number }).n;
  const onlyIn = 'SELECT COUNT(*) AS n FROM dataset_files a WHERE a.version_id = ? AND NOT EXISTS (SELECT 1 FROM dataset_files b WHERE b.version_id = ? AND b.rel_path = a.rel_path)';
  const changed = count(
    'SELECT COUNT(*) AS n FROM dataset_files a JOIN dataset_files b ON b.version_id = ? AND b.rel_path = a.rel_path ' +
      'JOIN dataset_classes ac ON ac.version_id = a.version_id AND ac.class_index = a.class_index ' +
      'JOIN dataset_classes bc ON bc.version_id = b.version_id AND bc.class_index = b.class_index ' +
      'WHERE a.version_id = ? AND (a.sha256 <> b.sha256 OR ac.name <> bc.name)',
    oldId ?? '', newId,
  );
  return { added: count(onlyIn, newId, oldId ?? ''), removed: oldId ? count(onlyIn, oldId, newId) : 0, changed };
}

/** The CONTRACT summary of one version. */
export function versionSummary(db: Db, versionId: string): DatasetSummary | null {
  const v = findVersion(db, versionId);
  const d = v ? findDatasetById(db, v.datasetId) : null;
  if (!v || !d) return null;
  const { holdout } = db.prepare("SELECT COUNT(*) AS holdout FROM dataset_files WHERE version_id = ? AND split = 'holdout'").get(versionId) as { holdout: number };
  return {
    datasetId: d.datasetId, name: d.name, kind: d.kind, versionId, count: v.count,
    classes: listVersionClasses(db, versionId).map((c) => ({ name: c.name, count: c.count })),
    versionNumber: v.seq, sourceFolder: v.sourceFolder, createdAt: v.createdAt,
    split: { seed: v.splitSeed, holdoutFraction: v.holdoutFraction, train: v.count - holdout, holdout },
  };
}

/** Every version of a dataset, newest first, with its diff and whether NAME resolves to it. */
export function listVersions(db: Db, datasetId: string): (VersionRecord & { diff: DatasetDiff; latest: boolean })[] {
  const latest = findDatasetById(db, datasetId)?.latestVersionId ?? null;
  const rows = db.prepare('SELECT * FROM dataset_versions WHERE dataset_id = ? ORDER BY seq DESC').all(datasetId) as (VersionRow & { diff_json: string })[];
  return rows.map((r) => ({ ...toVersion(r), diff: JSON.parse(r.diff_json) as DatasetDiff, latest: r.version_id === latest }));
}

/** What was skipped and which classes were empty when a version was first frozen. */
export function versionReport(db: Db, versionId: string): { skipped: SkippedFile[]; emptyClasses: string[] } | null {
  const row = db.prepare('SELECT skipped_json, empty_classes_json FROM dataset_versions WHERE version_id = ?').get(versionId) as { skipped_json: string; empty_classes_json: string } | undefined;
  return row ? { skipped: JSON.parse(row.skipped_json) as SkippedFile[], emptyClasses: JSON.parse(row.empty_classes_json) as string[] } : null;
}

/** One page of a version's images (optionally of one class, by name), in manifest order, with the total. */
export function pageVersionImages(
  db: Db, versionId: string, opts: { className?: string; offset: number; limit: number },
): { total: number; images: { fileIndex: number; path: string; sha256: string; className: string; width: number; height: number; split: 'train' | 'holdout' }[] } {
  const where = 'FROM dataset_files f JOIN dataset_classes c ON c.version_id = f.version_id AND c.class_index = f.class_index WHERE f.version_id = ? AND (? IS NULL OR c.name = ?)';
  const cls = opts.className ?? null;
  const { total } = db.prepare(`SELECT COUNT(*) AS total ${where}`).get(versionId, cls, cls) as { total: number };
  const images = db
    .prepare(`SELECT f.file_index AS fileIndex, f.rel_path AS path, f.sha256, c.name AS className, f.width, f.height, f.split ${where} ORDER BY f.file_index LIMIT ? OFFSET ?`)
    .all(versionId, cls, cls, opts.limit, opts.offset) as ReturnType<typeof pageVersionImages>['images'];
  return { total, images };
}

/** Class index → images of a version's TRAIN split. */
export function trainCountsByClass(db: Db, versionId: string): Map<number, number> {
  return new Map((db.prepare(`SELECT class_index AS c, COUNT(*) AS n FROM dataset_files WHERE version_id = ? AND split = 'train' GROUP BY class_index`)
    .all(versionId) as { c: number; n: number }[]).map((r) => [r.c, r.n]));
}

/** 3 as soon as one image of the version has colour, else 1. */
export function versionChannels(db: Db, versionId: string): 1 | 3 {
  const row = db.prepare('SELECT MAX(channels) AS c FROM dataset_files WHERE version_id = ?').get(versionId) as { c: number | null };
  return (row.c ?? 3) >= 3 ? 3 : 1;
}

/** The median longer side of a version's images (64 for an empty version). */
export function versionMedianSide(db: Db, versionId: string): number {
  const sides = db.prepare('SELECT MAX(width, height) AS side FROM dataset_files WHERE version_id = ? ORDER BY side').all(versionId) as { side: number }[];
  return sides[Math.floor(sides.length / 2)]?.side ?? 64;
}

/** The newest imported file with these bytes (in `versionId` when given): its version, path and class. */
export function findRealFile(db: Db, sha256: string, versionId: string | null): { versionId: string; relPath: string; classIndex: number } | null {
  const row = db.prepare(`SELECT f.version_id, f.rel_path, f.class_index FROM dataset_files f JOIN dataset_versions v ON v.version_id = f.version_id
    WHERE f.sha256 = ? ${versionId ? 'AND f.version_id = ?' : ''} ORDER BY v.created_at DESC LIMIT 1`).get(...(versionId ? [sha256, versionId] : [sha256])) as
    { version_id: string; rel_path: string; class_index: number } | undefined;
  return row ? { versionId: row.version_id, relPath: row.rel_path, classIndex: row.class_index } : null;
}

/** The kind (labeled/domain) of the dataset a version belongs to. */
export function versionDatasetKind(db: Db, versionId: string): DatasetKind | null {
  const row = db.prepare('SELECT d.kind FROM datasets d JOIN dataset_versions v ON v.dataset_id = d.dataset_id WHERE v.version_id = ?').get(versionId) as
    { kind: DatasetKind } | undefined;
  return row?.kind ?? null;
}

/** Every folder a dataset version was imported from. */
export function datasetSourceFolders(db: Db): string[] {
  return (db.prepare('SELECT DISTINCT source_folder AS f FROM dataset_versions').all() as { f: string }[]).map((r) => r.f);
}
