import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import sharp from 'sharp';
import type { ExportResult, MetadataRow } from '../../shared/domain/export';
import type { Db } from '../db/database';
import { DatasetFilesChangedError } from '../datasets/errors';
import { forEachBounded } from '../datasets/pool';
import { assertFreeSpace, DiskFullError, isDiskFull } from '../generation/disk-space';
import { nodeExportFs, type ExportFs } from './export-fs';
import { completeExport, dropExport, insertPendingExport, type NewExport } from './export-repo';
import { nearestExisting } from './export-target';
import { metadataRow, toClassesJson, toCsv, toJsonl, toReadme } from './metadata';
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
 * Writes an export atomically: everything goes to a hidden temporary folder next to the target, the database
 * rows are written as pending, then the folder is renamed into place (an old one, with --overwrite, is swapped
 * out and removed) and the rows marked complete. Any failure (a full disk included) removes the temporary
 * folder and the rows, so no partial export is ever visible and the database matches the disk.
 * @throws DiskFullError before starting (fs.statfs) or when the disk fills up; DatasetFilesChangedError.
 */
export async function writeExport(o: WriteExportOptions): Promise<ExportResult> {
  const fs = o.fs ?? nodeExportFs;
  const { out, plan } = o;
  const parent = dirname(out);
  await assertFreeSpace(nearestExisting(parent), plan.items.reduce((n, i) => n + i.estBytes, 0) + 300 * plan.items.length, (p) => fs.statfs(p));
  await removeStaleTemps(fs, parent, basename(out));
  const exportId = randomUUID();
  const tmp = join(parent, `.${basename(out)}.export-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const old = `${tmp}.old`;
  let pending = false;
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
    const synthetic = plan.items.filter((i) => i.synthetic).length;
    await fs.writeFile(join(tmp, 'README.md'), toReadme({
      exportId, app: o.app, batchIds: o.batchIds, runIds: [...new Set(plan.items.flatMap((i) => (i.batch ? [i.batch.runId] : [])))],
      withRealVersionId: plan.withRealVersionId, ratio: o.ratio, format: o.format, resolution: o.resolution, synthetic,
      real: plan.items.length - synthetic, classes: plan.classes,
    }));
    // Last: a folder holding metadata.jsonl is the only kind that looks like a finished export.
    await fs.writeFile(join(tmp, 'metadata.jsonl'), toJsonl(rows));
    const record: NewExport = {
      exportId, out, format: o.format, resolution: o.resolution, withRealVersionId: plan.withRealVersionId, ratio: o.ratio, batchIds: o.batchIds,
      synthetic, real: plan.items.length - synthetic,
      files: plan.items.map((item, k) => ({ fileName: rows[k]!.file_name as string, sha256: rows[k]!.sha256 as string, label: item.label,
        sampleId: item.sampleId, realVersionId: item.realVersionId, sourceSha256: item.synthetic ? null : item.srcSha256 })),
    };
    insertPendingExport(o.db, record);
    pending = true;
    await swapIntoPlace(fs, tmp, out, old, o.exists);
    completeExport(o.db, exportId, out);
    pending = false;
    await fs.rm(old).catch(() => undefined);
    return { exportId, out, files: plan.items.length, synthetic, real: record.real, classes: plan.classes };
  } catch (err) {
    if (pending) dropExport(o.db, exportId);
    await fs.rm(tmp).catch(() => undefined);
    if (isDiskFull(err)) throw new DiskFullError(parent, null, null);
    throw err;
  }
}

/** Temporary folders of earlier exports to the same target whose process died (a crash or a kill). */
async function removeStaleTemps(fs: ExportFs, parent: string, base: string): Promise<void> {
  const entries = await fs.readdir(parent).catch(() => [] as string[]);
  for (const name of entries) {
    const m = /^\.(.+)\.export-(\d+)-[0-9a-f]+\.tmp(\.old)?$/.exec(name);
    if (!m || m[1] !== base || m[3] || isAlive(Number(m[2]))) continue;
    await fs.rm(join(parent, name));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

/** tmp → out; an existing out is moved aside first and put back if the second rename fails. */
async function swapIntoPlace(fs: ExportFs, tmp: string, out: string, old: string, exists: boolean): Promise<void> {
  if (!exists) return fs.rename(tmp, out);
  await fs.rename(out, old);
  try {
    await fs.rename(tmp, out);
  } catch (err) {
    await fs.rename(old, out).catch(() => undefined);
    throw err;
  }
}
