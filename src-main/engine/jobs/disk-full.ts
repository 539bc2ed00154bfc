import { dirname } from 'node:path';
import { ApiError } from '../../shared/api/errors';

/**
 * Every disk-full failure of a job starts with this text. The jobs table keeps a job's error as text only, so a
 * face that reads a failed job (another process's, say) finds the code again from this prefix: `disk_full`.
 */
export const DISK_FULL_PREFIX = 'disk full: ';

/** ENOSPC/EDQUOT from the file system, SQLITE_FULL from the database: no space left where we write. */
export function isDiskFullError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; cause?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.code === 'ENOSPC' || e.code === 'EDQUOT' || e.code === 'SQLITE_FULL') return true;
  // Native libraries (sharp/libvips) report it in words only, sometimes wrapped.
  if (typeof e.message === 'string' && /no space left on device|database or disk is full|disk quota exceeded/i.test(e.message)) return true;
  return e.cause !== undefined && e.cause !== err && isDiskFullError(e.cause);
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
  const where = e.code === 'SQLITE_FULL' || /database or disk is full/i.test(String((err as Error).message)) ? `the studio database in ${fallbackFolder}` : e.path ? folderOf(e.path) : fallbackFolder;
  return new ApiError('disk_full', `${DISK_FULL_PREFIX}could not write ${where} (${e.code ?? 'ENOSPC'}): free some space on that disk, then resume the job (nothing half-written was kept)`);
}

/** The code a job's stored error text stands for: `disk_full` for the prefix above, else `job_failed`. */
export function jobErrorCode(error: string | null): 'disk_full' | 'job_failed' {
  return error?.startsWith(DISK_FULL_PREFIX) ? 'disk_full' : 'job_failed';
}
