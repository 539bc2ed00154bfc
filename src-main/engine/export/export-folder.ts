import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError } from '../../shared/api/errors';
import type { Db } from '../db/database';
import { getExport } from './export-repo';
import { readmeNamesExport } from './metadata';

/** One file of an export's folder. */
export interface ExportFolderFile {
  /** Relative to the export folder, '/'-separated: `cat/0001.png`, `metadata.jsonl`. */
  rel: string;
  abs: string;
}

/** A completed export's folder as it is on disk now, checked to still hold that export. */
export interface ExportFolder {
  exportId: string;
  /** The folder (the real path, after the face's path check). */
  out: string;
  completedAt: Date;
  /** The root files first (README.md, classes.json, …), then each class folder's files; both sorted by name. */
  files: ExportFolderFile[];
}

const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Lists the folder of a completed export, for a download of the whole export. Only folders recorded as export
 * outputs are ever listed; `assertPath` is the face's path check (web mode: only the home and --allow-dir).
 * Lists regular files at the root and in the class folders (the CONTRACT layout); symlinks, hidden files and
 * anything deeper are left out, so a link placed in the folder later cannot lead elsewhere.
 * @throws ApiError `not_found` (no such completed export, replaced, or its folder is gone), `forbidden_path`,
 *   `conflict` when the folder no longer holds that export as written.
 */
export async function openExportFolder(db: Db, exportId: string, assertPath: (p: string) => string = (p) => p): Promise<ExportFolder> {
  const row = getExport(db, exportId);
  if (!row) throw new ApiError('not_found', `no export ${exportId}`);
  if (!row.completedAt) throw new ApiError('not_found', `export ${exportId} is not complete: it is still being written, or it failed`);
  if (row.replacedAt) throw new ApiError('not_found', `export ${exportId} was replaced by a later export to ${row.out}: download that one instead`);
  const out = assertPath(row.out);
  const isDir = await stat(out).then((s) => s.isDirectory(), () => false);
  if (!isDir) throw new ApiError('not_found', `the folder of export ${exportId} is gone: ${row.out} was moved or deleted. Export the batches again.`);
  const changed = (why: string): ApiError =>
    new ApiError('conflict', `${row.out} no longer holds export ${exportId} as it was written (${why}): export the batches again`);
  // the README names the export (metadata.ts); a folder without it was replaced outside this studio
  const readme = await readFile(join(out, 'README.md'), 'utf8').catch(() => '');
  if (!readmeNamesExport(readme, exportId)) throw changed('its README.md names another export or is missing');

  const root = (await readdir(out, { withFileTypes: true })).filter((e) => !e.name.startsWith('.')).sort(byName);
  const files: ExportFolderFile[] = root.filter((e) => e.isFile()).map((e) => ({ rel: e.name, abs: join(out, e.name) }));
  let images = 0;
  for (const dir of root.filter((e) => e.isDirectory())) {
    const inside = (await readdir(join(out, dir.name), { withFileTypes: true })).filter((e) => e.isFile() && !e.name.startsWith('.')).sort(byName);
    for (const f of inside) files.push({ rel: `${dir.name}/${f.name}`, abs: join(out, dir.name, f.name) });
    images += inside.length;
  }
  if (images !== row.files) throw changed(`${row.files} images expected in its class folders, ${images} found`);
  return { exportId, out, completedAt: new Date(row.completedAt), files };
}
