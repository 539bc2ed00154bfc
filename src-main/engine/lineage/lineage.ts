import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ApiError } from '../../shared/api/errors';
import type { Lineage } from '../../shared/domain/sample';
import type { Db } from '../db/database';
import { findVersion, iterateVersionFiles, listVersionClasses } from '../datasets/dataset-repo';
import { exportsOfSample, findExportFiles, type ExportFileRow } from '../export/export-repo';
import { batchClassNames, getBatch, getRunSnapshot } from '../generation/samples-repo';
import { getBatchTranslation } from '../translation/translations-repo';

const SHA = /^[0-9a-f]{64}$/i;

/** The hash a lineage reference names: a sha256 as given, or the hash of the file at a path. */
async function refToSha(ref: string): Promise<string> {
  if (SHA.test(ref)) return ref.toLowerCase();
  const path = resolve(ref);
  const st = await stat(path).catch(() => null);
  if (!st?.isFile()) throw new ApiError('not_found', `${path} is not a file (give an exported file's path or a sha256)`);
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

/** The files of a version's TRAIN split: what a run on it was trained on. */
function trainSources(db: Db, versionId: string): Lineage['sources'] {
  const version = findVersion(db, versionId);
  if (!version) return [];
  const names = listVersionClasses(db, versionId).map((c) => c.name);
  const out: Lineage['sources'] = [];
  for (const f of iterateVersionFiles(db, versionId)) {
    if (f.split === 'train') out.push({ path: join(version.sourceFolder, f.rel), sha256: f.sha256, label: names[f.classIndex] ?? '' });
  }
  return out;
}

const exportRefs = (rows: ExportFileRow[]): Lineage['exports'] => rows.map((r) => ({ exportId: r.export_id, out: r.out_dir, fileName: r.file_name }));

const EMPTY = { runId: null, checkpointStep: null, batchId: null, seed: null, sampleIndex: null, classIndex: null, truncation: null, weights: null,
  direction: null, runConfig: null, recipe: null } as const;

/** A generated sample; a translation shows its direction and the image it was translated from instead of a seed and the training split. */
function sampleLineage(db: Db, sha256: string, sampleId: number): Lineage {
  const s = db.prepare('SELECT batch_id, class_index, sample_index, source_sha256, source_path FROM samples WHERE sample_id = ?').get(sampleId) as
    { batch_id: string; class_index: number; sample_index: number; source_sha256: string | null; source_path: string | null };
  const batch = getBatch(db, s.batch_id)!;
  const snap = getRunSnapshot(db, s.batch_id)!;
  const label = batchClassNames(db, s.batch_id).get(s.class_index) ?? null;
  const translation = getBatchTranslation(db, s.batch_id);
  return {
    sha256, synthetic: true, runId: batch.runId, checkpointStep: batch.checkpointStep, batchId: batch.batchId, seed: translation ? null : batch.seed,
    sampleIndex: s.sample_index, classIndex: s.class_index, label, truncation: batch.truncation, weights: batch.weights,
    datasetVersionId: batch.datasetVersionId, direction: translation?.direction ?? null, sourceSha256: translation ? s.source_sha256 : null,
    runConfig: snap.config, recipe: batch.recipe, exports: exportRefs(exportsOfSample(db, sampleId)),
    sources: translation ? [{ path: s.source_path ?? '', sha256: s.source_sha256 ?? '', label: label ?? '' }] : trainSources(db, batch.datasetVersionId),
  };
}

function realLineage(db: Db, sha256: string, original: string, versionId: string | null, exports: ExportFileRow[]): Lineage {
  const row = db.prepare(`SELECT f.version_id, f.rel_path, f.class_index FROM dataset_files f JOIN dataset_versions v ON v.version_id = f.version_id
    WHERE f.sha256 = ? ${versionId ? 'AND f.version_id = ?' : ''} ORDER BY v.created_at DESC LIMIT 1`).get(...(versionId ? [original, versionId] : [original])) as
    { version_id: string; rel_path: string; class_index: number } | undefined;
  const version = row ? findVersion(db, row.version_id) : null;
  const label = row ? (listVersionClasses(db, row.version_id)[row.class_index]?.name ?? null) : null;
  return {
    sha256, synthetic: false, ...EMPTY, label, datasetVersionId: row?.version_id ?? versionId, sourceSha256: original,
    exports: exportRefs(exports),
    sources: row && version ? [{ path: join(version.sourceFolder, row.rel_path), sha256: original, label: label ?? '' }] : [],
  };
}

/**
 * Lineage of an image by path or sha256: an exported file (via the export's records, whatever its format), a
 * stored sample, or an imported real image → sample → batch → checkpoint → run config → dataset version → the
 * real files trained on. Only what the database holds is used, so deleted run folders do not break it.
 * @throws ApiError not_found when the bytes are unknown to this studio.
 */
export async function resolveLineage(db: Db, ref: string): Promise<Lineage> {
  const sha256 = await refToSha(ref);
  const exported = findExportFiles(db, sha256);
  const first = exported[0];
  if (first?.sample_id != null) return sampleLineage(db, sha256, first.sample_id);
  if (first) return realLineage(db, sha256, first.source_sha256 ?? sha256, first.real_version_id, exported);
  const sample = db.prepare('SELECT sample_id FROM samples WHERE sha256 = ? ORDER BY sample_id LIMIT 1').get(sha256) as { sample_id: number } | undefined;
  if (sample) return sampleLineage(db, sha256, sample.sample_id);
  if (db.prepare('SELECT 1 FROM dataset_files WHERE sha256 = ? LIMIT 1').get(sha256)) return realLineage(db, sha256, sha256, null, []);
  throw new ApiError('not_found', `no export, sample or imported image of this studio has sha256 ${sha256}`);
}
