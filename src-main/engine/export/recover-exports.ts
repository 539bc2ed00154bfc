import { join } from 'node:path';
import type { Db } from '../db/database';
import { isProcessAlive } from '../jobs/scheduler-lease-repo';
import { nodeExportFs, type ExportFs } from './export-fs';
import { completeExport, dropExport, listPendingExports, type PendingExport } from './export-repo';
import { isFolder, isTempDirOf } from './export-temp';
import { readmeNamesExport } from './metadata';

export interface RecoveredExports {
  /** The folder had been put in place before the crash: the rows are marked complete. */
  completed: string[];
  /** The folder never got in place: the rows and the temporary folder are gone (an --overwrite's old folder put back). */
  dropped: string[];
}

/** Whether the folder at `out` is this export: its README names the export id (write-export.ts writes it). */
async function holdsExport(fs: ExportFs, out: string, exportId: string): Promise<boolean> {
  const readme = await fs.readFile(join(out, 'README.md')).catch(() => null);
  return !!readme && readmeNamesExport(readme.toString('utf8'), exportId);
}

async function settle(db: Db, fs: ExportFs, p: PendingExport, done: RecoveredExports): Promise<void> {
  const tmp = p.tmpDir !== null && isTempDirOf(p.tmpDir, p.out) ? p.tmpDir : null;
  if (await holdsExport(fs, p.out, p.exportId)) {
    // Died after the rename: the export is whole; only the folder an --overwrite moved aside is left to remove.
    completeExport(db, p.exportId, p.out);
    if (tmp) await fs.rm(`${tmp}.old`);
    done.completed.push(p.exportId);
    return;
  }
  if (tmp) {
    // Died inside an --overwrite swap (old folder moved aside, new one not yet in place): the old export goes back.
    if (!(await isFolder(fs, p.out)) && (await isFolder(fs, `${tmp}.old`))) await fs.rename(`${tmp}.old`, p.out);
    await fs.rm(tmp);
  }
  dropExport(db, p.exportId);
  done.dropped.push(p.exportId);
}

/**
 * Settles exports that a crash left pending (completed_at null): those whose writer process is gone, or that
 * record none (written before migration 006). An export whose folder is in place is completed; any other is
 * forgotten and its temporary folder removed, so the database matches the disk again. Exports of live
 * processes (this one included) are left alone. A row whose folders cannot be settled now (a file-system error)
 * stays for the next time. Runs when a studio opens and before each export.
 */
export async function recoverPendingExports(db: Db, fs: ExportFs = nodeExportFs, isAlive: (pid: number) => boolean = isProcessAlive): Promise<RecoveredExports> {
  const done: RecoveredExports = { completed: [], dropped: [] };
  for (const p of listPendingExports(db)) {
    if (p.writerPid !== null && isAlive(p.writerPid)) continue;
    await settle(db, fs, p, done).catch(() => undefined);
  }
  return done;
}
