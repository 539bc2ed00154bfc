import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { ApiError } from '../../shared/api/errors';
import type { Db } from '../db/database';
import { datasetSourceFolders } from '../datasets/dataset-repo';
import type { ExportFs } from './export-fs';
import { assertReplaceableExport } from './export-overwrite';

/** Whether `child` is `parent` or inside it. */
export function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The real path of `path`'s nearest existing folder joined with the missing rest (a link out of exports/ is not inside it). */
function nearestReal(path: string): string {
  const near = nearestExisting(path);
  return resolve(realpathSync(near), relative(near, resolve(path)));
}

/** The nearest folder of `path` that exists (for statfs before the target is made). */
export function nearestExisting(path: string): string {
  let p = resolve(path);
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

/** The one folder of the studio home that exports may go into (each export a folder inside it, never it itself). */
export function homeExportsFolder(home: string): string {
  return resolve(home, 'exports');
}

/**
 * Checks an export target: never inside (or around) the studio home or a dataset's source folder, except a folder
 * inside `<home>/exports/` (the default place, the only one a plain web server may write to), never a file,
 * and empty unless `overwrite`; a non-empty folder is replaced only when it is an earlier export of this studio
 * still holding only what it wrote (export-overwrite.ts). Returns the absolute target and whether it exists.
 * @throws ApiError bad_input (a forbidden place, an --overwrite of a folder that is not an export), conflict (a
 *   file, or a non-empty folder without overwrite).
 */
export async function checkExportTarget(db: Db, home: string, out: string, overwrite: boolean, fs: ExportFs): Promise<{ out: string; exists: boolean }> {
  const target = resolve(out);
  const root = realpathSync(resolve(home));
  const exportsDir = homeExportsFolder(root);
  const inExports = isInside(target, exportsDir) && target !== exportsDir && isInside(nearestReal(target), exportsDir);
  if (isInside(target, root) && !inExports) {
    throw new ApiError('bad_input', `--out ${target} is inside the studio home ${root}: exports go into a folder inside ${exportsDir}, or outside the home`);
  }
  if (isInside(root, target)) throw new ApiError('bad_input', `--out ${target} contains the studio home ${root}: choose a folder of its own`);
  for (const f of datasetSourceFolders(db)) {
    if (isInside(target, f) || isInside(f, target) || (existsSync(f) && (isInside(target, realpathSync(f)) || isInside(realpathSync(f), target)))) {
      throw new ApiError('bad_input', `--out ${target} overlaps the source folder ${f} of an imported dataset: choose a folder outside it`);
    }
  }
  const st = statSync(target, { throwIfNoEntry: false });
  if (!st) return { out: target, exists: false };
  if (!st.isDirectory()) throw new ApiError('conflict', `--out ${target} is a file: choose a folder`);
  const entries = await fs.readdir(target);
  if (entries.length > 0 && !overwrite) {
    throw new ApiError('conflict', `--out ${target} is not empty (${entries.length} entries): pass --overwrite to replace an earlier export there, or choose another folder`);
  }
  if (entries.length > 0) await assertReplaceableExport(db, target, fs);
  return { out: target, exists: true };
}
