import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { isProcessAlive } from '../jobs/scheduler-lease-repo';
import type { ExportFs } from './export-fs';

/**
 * The hidden temporary folders an export is written to before the final rename: `.<out>.export-<pid>-<hex>.tmp`
 * next to the target, and `<that>.old` for the folder an --overwrite moves aside. The pid in the name lets a
 * later export (or the next open) tell a dead writer's folders from a live one's.
 */
const TEMP_NAME = /^\.(.+)\.export-(\d+)-[0-9a-f]+\.tmp(\.old)?$/;

/** A new temporary folder path for an export to `out` by this process. */
export function newTempDir(out: string): string {
  return join(dirname(out), `.${basename(out)}.export-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/** Whether `tmp` is one of our temporary folders (not `.old`) for `out`: the only kind the clean-up ever removes. */
export function isTempDirOf(tmp: string, out: string): boolean {
  const m = TEMP_NAME.exec(basename(tmp));
  return !!m && !m[3] && m[1] === basename(out) && dirname(tmp) === dirname(out);
}

/**
 * Removes temporary folders of earlier exports to `out` whose process died (a crash or a kill while writing).
 * `.old` folders are left: after a crash inside an --overwrite swap, one may hold the only copy of the previous
 * export, which recover-exports.ts puts back from the pending row.
 */
export async function removeStaleTemps(fs: ExportFs, out: string, isAlive: (pid: number) => boolean = isProcessAlive): Promise<void> {
  const parent = dirname(out);
  const entries = await fs.readdir(parent).catch(() => [] as string[]);
  for (const name of entries) {
    const m = TEMP_NAME.exec(name);
    if (!m || m[1] !== basename(out) || m[3] || isAlive(Number(m[2]))) continue;
    await fs.rm(join(parent, name));
  }
}

/** Whether a folder exists (readable as a folder through the export file layer). */
export async function isFolder(fs: ExportFs, path: string): Promise<boolean> {
  return fs.readdir(path).then(() => true, () => false);
}
