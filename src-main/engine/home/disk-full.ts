import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { ApiError } from '../../shared/api/errors';

/**
 * Every disk-full failure of a job starts with this text. The jobs table keeps a job's error as text only, so a
 * face that reads a failed job (another process's, say) finds the code again from this prefix: `disk_full`.
 */
export const DISK_FULL_PREFIX = 'disk full: ';

/** Below this many free bytes, an I/O error of the database on that disk is taken for a full disk. */
const NEARLY_FULL_BYTES = 1024 * 1024;

/** True when the file system holding `path` has (almost) no space left for us. */
export function diskIsFull(path: string): boolean {
  try {
    const st = statfsSync(path);
    return st.bavail * st.bsize < NEARLY_FULL_BYTES;
  } catch {
    return false;
  }
}

/**
 * ENOSPC/EDQUOT from the file system, SQLITE_FULL from the database: no space left where we write. SQLite
 * reports some writes on a full disk only as an I/O error (`SQLITE_IOERR_WRITE`, `…_SHMSIZE` when the WAL index
 * cannot grow): with `near` (a path on the disk written to), such an error counts when that disk is full.
 */
export function isDiskFullError(err: unknown, near?: string): boolean {
  const e = err as { code?: unknown; message?: unknown; cause?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.code === 'ENOSPC' || e.code === 'EDQUOT' || e.code === 'SQLITE_FULL') return true;
  if (near !== undefined && typeof e.code === 'string' && e.code.startsWith('SQLITE_IOERR') && diskIsFull(near)) return true;
  // Native libraries (sharp/libvips) report it in words only, sometimes wrapped.
  if (typeof e.message === 'string' && /no space left on device|database or disk is full|disk quota exceeded/i.test(e.message)) return true;
  return e.cause !== undefined && e.cause !== err && isDiskFullError(e.cause, near);
}

/**
 * The folder to name in the message: the written file's folder, with our temporary suffixes taken off
 * (`step-0000100.tmp-123` → `step-0000100`), so the user sees a place they recognise.
 */
export function folderOf(path: string): string {
  return dirname(path).replace(/\.tmp-\d+(?=[/\\]|$)/g, '');
}

/**
 * The ApiError `disk_full` for a write that ran out of space. `fallbackFolder` is named when the error carries no
 * path (a write(2) on an open file, or SQLite's own I/O): the folder the job was writing to.
 */
export function diskFullError(err: unknown, fallbackFolder: string): ApiError {
  const e = err as { code?: string; path?: string };
  const where = String(e.code).startsWith('SQLITE_') || /database or disk is full/i.test(String((err as Error).message)) ? `the studio database in ${fallbackFolder}` : e.path ? folderOf(e.path) : fallbackFolder;
  return new ApiError('disk_full', `${DISK_FULL_PREFIX}could not write ${where} (${e.code ?? 'ENOSPC'}): free some space on that disk, then resume the job (nothing half-written was kept)`);
}

/** The code a job's stored error text stands for: `disk_full` for the prefix above, else `job_failed`. */
export function jobErrorCode(error: string | null): 'disk_full' | 'job_failed' {
  return error?.startsWith(DISK_FULL_PREFIX) ? 'disk_full' : 'job_failed';
}
