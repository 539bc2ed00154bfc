import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ApiError } from '../../shared/api/errors';
import type { Lineage } from '../../shared/domain/sample';
import type { Db } from '../db/database';
import { findRealFile, findVersion, iterateVersionFiles, listVersionClasses } from '../datasets/dataset-repo';
import { exportsOfSample, findExportFiles, type ExportFileRow } from '../export/export-repo';
import { batchClassNames, findSampleBySha, getBatch, getRunSnapshot, getSampleRow } from '../generation/samples-repo';
import { getRun } from '../training/runs-repo';
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
  direction: null, runConfig: null, sampling: null, recipe: null } as const;

/** A generated sample; a translation shows its direction and the image it was translated from instead of a seed and the training split. */
function sampleLineage(db: Db, sha256: string, sampleId: number): Lineage {
  const s = getSampleRow(db, sampleId)!;
  const batch = getBatch(db, s.batchId)!;
  const snap = getRunSnapshot(db, s.batchId)!;
  const label = batchClassNames(db, s.batchId).get(s.classIndex) ?? null;
  const translation = getBatchTranslation(db, s.batchId);
  return {
    sha256, synthetic: true, runId: batch.runId, checkpointStep: batch.checkpointStep, batchId: batch.batchId, seed: translation ? null : batch.seed,
    sampleIndex: s.sampleIndex, classIndex: s.classIndex, label, truncation: batch.truncation, weights: batch.weights,
    datasetVersionId: batch.datasetVersionId, direction: translation?.direction ?? null, sourceSha256: translation ? s.sourceSha256 : null,
    runConfig: snap.config, sampling: batch.sampling, recipe: batch.recipe, exports: exportRefs(exportsOfSample(db, sampleId)),
    deleted: [
      ...(getRun(db, batch.runId)?.deletedAt ? [`run ${batch.runId} deleted ${getRun(db, batch.runId)!.deletedAt}: its checkpoints are gone`] : []),
      ...(batch.deletedAt ? [`batch ${batch.batchId} deleted ${batch.deletedAt}: its stored images are gone`] : []),
    ],
    sources: translation ? [{ path: s.sourcePath ?? '', sha256: s.sourceSha256 ?? '', label: label ?? '' }] : trainSources(db, batch.datasetVersionId),
  };
}

function realLineage(db: Db, sha256: string, original: string, versionId: string | null, exports: ExportFileRow[]): Lineage {
  const row = findRealFile(db, original, versionId);
  const version = row ? findVersion(db, row.versionId) : null;
  const label = row ? (listVersionClasses(db, row.versionId)[row.classIndex]?.name ?? null) : null;
  return {
    sha256, synthetic: false, ...EMPTY, label, datasetVersionId: row?.versionId ?? versionId, sourceSha256: original,
    exports: exportRefs(exports), deleted: [],
    sources: row && version ? [{ path: join(version.sourceFolder, row.relPath), sha256: original, label: label ?? '' }] : [],
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
  const sample = findSampleBySha(db, sha256);
  if (sample !== null) return sampleLineage(db, sha256, sample);
  if (findRealFile(db, sha256, null)) return realLineage(db, sha256, sha256, null, []);
  throw new ApiError('not_found', `no export, sample or imported image of this studio has sha256 ${sha256}`);
}
