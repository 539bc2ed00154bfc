import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../shared/api/errors';
import type { Db } from '../db/database';
import type { ExportFs } from './export-fs';
import { currentExportAt, exportFileNames } from './export-repo';
import { readmeNamesExport } from './metadata';

/** The files write-export.ts puts at the top of every export, besides the class folders. */
const EXPORT_ROOT_FILES = new Set(['README.md', 'classes.json', 'provenance.csv', 'metadata.jsonl', 'quality.json']);
/** Files a file browser adds on its own when the user looks at a folder: not the user's work. */
const OS_LITTER = /^(\.DS_Store|Thumbs\.db|desktop\.ini)$/i;

const refuse = (target: string, why: string): ApiError =>
  new ApiError('bad_input', `--overwrite refused: ${target} ${why}. --overwrite only replaces a folder this studio wrote as an export; ` +
    'choose a new or empty folder, or move that folder away first');

/**
 * Checks that the non-empty folder `target` is an export this studio wrote and still holds only what it wrote,
 * so that --overwrite may replace it: the database has the export standing there (completed, not replaced),
 * its README.md carries that export's mark, and every entry is a file of that export (or a file browser's
 * .DS_Store/Thumbs.db). A user's folder, a home folder, a root of allowed folders, or an export into which the
 * user has since saved other files is refused and nothing is touched.
 * @throws ApiError bad_input, naming what is not the export's.
 */
export async function assertReplaceableExport(db: Db, target: string, fs: ExportFs): Promise<void> {
  let real = target;
  try {
    real = realpathSync(target);
  } catch {
    // the folder vanished meanwhile: the row lookup below fails and refuses
  }
  const row = currentExportAt(db, [...new Set([target, real])]);
  if (!row) throw refuse(target, 'is not a folder this studio exported to (no export is recorded there)');
  const readme = await fs.readFile(join(target, 'README.md')).catch(() => null);
  if (!readme || !readmeNamesExport(readme.toString('utf8'), row.exportId)) {
    throw refuse(target, `does not hold export ${row.exportId} any more (its README.md is missing or names another export)`);
  }
  const files = new Set(exportFileNames(db, row.exportId));
  const folders = new Set([...files].map((f) => f.slice(0, f.indexOf('/'))));
  const foreign: string[] = [];
  for (const name of await fs.readdir(target)) {
    if (EXPORT_ROOT_FILES.has(name) || OS_LITTER.test(name)) continue;
    if (!folders.has(name)) {
      foreign.push(name);
      continue;
    }
    const inside = await fs.readdir(join(target, name)).catch(() => null);
    if (!inside) foreign.push(name);
    else foreign.push(...inside.filter((f) => !files.has(`${name}/${f}`) && !OS_LITTER.test(f)).map((f) => `${name}/${f}`));
    if (foreign.length > 3) break;
  }
  if (foreign.length) {
    throw refuse(target, `holds files that export ${row.exportId} did not write (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''})`);
  }
}
