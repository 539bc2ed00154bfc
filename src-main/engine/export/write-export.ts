import { createHash, randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import type { ExportResult, MetadataRow } from '../../shared/domain/export';
import type { SampleBatch } from '../../shared/domain/sample';
import type { Db } from '../db/database';
import { DatasetFilesChangedError } from '../datasets/errors';
import { forEachBounded } from '../datasets/pool';
import { assertFreeSpace, DiskFullError, isDiskFull } from '../generation/disk-space';
import { nodeExportFs, type ExportFs } from './export-fs';
import { ApiError } from '../../shared/api/errors';
import { isProcessAlive } from '../jobs/scheduler-lease-repo';
import { claimExportTarget, completeExport, dropExport, insertExportFiles } from './export-repo';
import { nearestExisting } from './export-target';
import { newTempDir, removeStaleTemps } from './export-temp';
import { metadataRow, toClassesJson, toCsv, toJsonl, toReadme } from './metadata';
import { exportQuality, qualityReadme } from './export-quality';
import type { ExportItem, ExportPlan } from './plan-export';

export interface WriteExportOptions {
  db: Db;
  plan: ExportPlan;
  /** Absolute target, already checked (export-target.ts). */
  out: string;
  exists: boolean;
  format: 'png' | 'jpg';
  resolution: number | null;
  ratio: number | null;
  batchIds: string[];
  app: string;
  fs?: ExportFs;
  onProgress?: (done: number, total: number) => void;
  /**
   * Checks each file before anything is written (web mode: its real path, links included, must be inside an
   * allowed folder or inside the folder it was recorded in, never through a link out of it). Default: none.
   */
  assertReadPath?: (path: string, registeredFolder: string) => string;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** The exported bytes of one item: a plain copy when nothing changes, else decoded, resized (centre crop) and re-encoded. */
async function produce(item: ExportItem, dst: string, o: WriteExportOptions, fs: ExportFs): Promise<string> {
  if (item.synthetic && o.format === 'png' && o.resolution === null) {
    await fs.copyFile(item.src, dst);
    return item.srcSha256;
  }
  const src = await fs.readFile(item.src).catch(() => null);
  if (!item.synthetic && (!src || sha256(src) !== item.srcSha256)) {
    throw new DatasetFilesChangedError(item.realVersionId ?? '?', [{ path: item.src, reason: src ? 'bytes changed' : 'missing or unreadable' }]);
  }
  let img = sharp(src!).rotate();
  if (o.resolution !== null) img = img.resize(o.resolution, o.resolution, { fit: 'cover' });
  const bytes = await (o.format === 'png' ? img.png() : img.flatten({ background: '#000' }).jpeg({ quality: 95 })).toBuffer();
  await fs.writeFile(dst, bytes);
  return sha256(bytes);
}

/**
 * Writes an export atomically: the export is recorded as pending (with its temporary folder and this pid),
 * everything goes to a hidden temporary folder next to the target, the files' rows are added, then the folder
 * is renamed into place (an old one, with --overwrite, is swapped out and removed) and the export marked
 * complete. Any failure (a full disk included) removes the temporary folder and the rows, so no partial export
 * is ever visible and the database matches the disk; after a crash, recover-exports.ts does the same.
 * @throws DiskFullError before starting (fs.statfs) or when the disk fills up; DatasetFilesChangedError.
 */
export async function writeExport(o: WriteExportOptions): Promise<ExportResult> {
  const fs = o.fs ?? nodeExportFs;
  const { out, plan } = o;
  const parent = dirname(out);
  if (o.assertReadPath) for (const item of plan.items) o.assertReadPath(item.src, item.srcFolder);
  await assertFreeSpace(nearestExisting(parent), plan.items.reduce((n, i) => n + i.estBytes, 0) + 300 * plan.items.length, (p) => fs.statfs(p));
  await removeStaleTemps(fs, out);
  const exportId = randomUUID();
  const tmp = newTempDir(out);
  const old = `${tmp}.old`;
  const synthetic = plan.items.filter((i) => i.synthetic).length;
  const real = plan.items.length - synthetic;
  const holder = claimExportTarget(o.db, {
    exportId, out, format: o.format, resolution: o.resolution, withRealVersionId: plan.withRealVersionId, ratio: o.ratio, batchIds: o.batchIds,
    files: plan.items.length, synthetic, real, tmpDir: tmp, writerPid: process.pid,
  }, isProcessAlive);
  if (holder !== null) throw new ExportTargetBusyError(out, `process ${holder} is writing an export there now`);
  let placed = false;
  try {
    await fs.mkdir(tmp);
    const folderOf = new Map(plan.classes.map((c) => [c.name, c.folder]));
    for (const c of plan.classes) await fs.mkdir(join(tmp, c.folder));
    const ext = o.format === 'png' ? 'png' : 'jpg';
    const rows: MetadataRow[] = new Array(plan.items.length);
    let done = 0;
    await forEachBounded(plan.items.entries(), 16, async ([k, item]) => {
      const fileName = `${folderOf.get(item.label)!}/${item.stem}.${ext}`;
      rows[k] = metadataRow(item, fileName, await produce(item, join(tmp, fileName), o, fs));
      if (++done % 500 === 0 || done === plan.items.length) o.onProgress?.(done, plan.items.length);
    });
    await fs.writeFile(join(tmp, 'classes.json'), toClassesJson(plan.classes));
    await fs.writeFile(join(tmp, 'provenance.csv'), toCsv(rows));
    const quality = exportQuality(o.db, batchesOf(plan));
    await fs.writeFile(join(tmp, 'quality.json'), `${JSON.stringify({ exportId, ...quality }, null, 2)}\n`);
    await fs.writeFile(join(tmp, 'README.md'), toReadme({
      exportId, app: o.app, batchIds: o.batchIds, runIds: [...new Set(plan.items.flatMap((i) => (i.batch ? [i.batch.runId] : [])))],
      withRealVersionId: plan.withRealVersionId, ratio: o.ratio, format: o.format, resolution: o.resolution, synthetic, real, classes: plan.classes,
      translations: translationsOf(plan), sections: qualityReadme(quality),
    }));
    // Last: a folder holding metadata.jsonl is the only kind that looks like a finished export.
    await fs.writeFile(join(tmp, 'metadata.jsonl'), toJsonl(rows));
    insertExportFiles(o.db, exportId, plan.items.map((item, k) => ({ fileName: rows[k]!.file_name as string, sha256: rows[k]!.sha256 as string,
      label: item.label, sampleId: item.sampleId, realVersionId: item.realVersionId, sourceSha256: item.sourceSha256 })));
    await swapIntoPlace(fs, tmp, out, old, o.exists);
    placed = true;
    completeExport(o.db, exportId, out);
    await fs.rm(old).catch(() => undefined);
    const judged = quality.evaluation;
    return {
      exportId, out, files: plan.items.length, synthetic, real, classes: plan.classes,
      evaluation: judged || quality.evaluateCommand ? {
        evaluationId: judged?.evaluationId ?? null, summary: judged?.result.summary ?? null, coversAllBatches: judged?.coversAllBatches ?? false,
        evaluateCommand: quality.evaluateCommand,
      } : null,
    };
  } catch (err) {
    // Once the folder is in place, a pending row is right: the next recovery completes it (the README names it).
    if (placed) throw err;
    dropExport(o.db, exportId);
    await fs.rm(tmp).catch(() => undefined);
    if (isDiskFull(err)) throw new DiskFullError(parent, null, null);
    throw err;
  }
}

/** The batches of an export's synthetic items, each once, in plan order. */
function batchesOf(plan: ExportPlan): SampleBatch[] {
  const seen = new Map<string, SampleBatch>();
  for (const i of plan.items) if (i.batch && !seen.has(i.batch.batchId)) seen.set(i.batch.batchId, i.batch);
  return [...seen.values()];
}

/** The translation batches of an export, each once, in plan order. */
function translationsOf(plan: ExportPlan): { batchId: string; direction: string }[] {
  const seen = new Map<string, string>();
  for (const i of plan.items) if (i.direction && i.batch && !seen.has(i.batch.batchId)) seen.set(i.batch.batchId, i.direction);
  return [...seen].map(([batchId, direction]) => ({ batchId, direction }));
}

/** Another export (from another studio home, or one that began before this one's check) took the folder. */
export class ExportTargetBusyError extends ApiError {
  constructor(out: string, why: string) {
    super('conflict', `--out ${out} is being written by another export (${why}): wait for it to finish, then export again or choose another folder`);
  }
}

/** rename() failures that mean someone else put a folder at `out` (or moved it away) after this export checked it. */
const RACED = new Set(['ENOTEMPTY', 'EEXIST', 'ENOTDIR', 'EISDIR']);

/**
 * tmp → out; an existing out is moved aside first and put back if the second rename fails. A folder that
 * appeared at (or vanished from) `out` since the target check is another export's: conflict, not `internal`.
 */
async function swapIntoPlace(fs: ExportFs, tmp: string, out: string, old: string, exists: boolean): Promise<void> {
  const code = (err: unknown): string => (err as { code?: string } | null)?.code ?? '';
  if (!exists) {
    return fs.rename(tmp, out).catch((err: unknown) => {
      throw RACED.has(code(err)) ? new ExportTargetBusyError(out, 'a folder appeared there while this one was written') : err;
    });
  }
  await fs.rename(out, old).catch((err: unknown) => {
    throw code(err) === 'ENOENT' ? new ExportTargetBusyError(out, 'the folder to replace was moved away while this one was written') : err;
  });
  try {
    await fs.rename(tmp, out);
  } catch (err) {
    await fs.rename(old, out).catch(() => undefined);
    throw RACED.has(code(err)) ? new ExportTargetBusyError(out, 'a folder appeared there while this one was written') : err;
  }
}
