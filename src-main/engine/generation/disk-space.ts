import { statfs } from 'node:fs/promises';
import { ApiError } from '../../shared/api/errors';

/** Not enough free space, before or while writing: the user frees space or picks another place. */
export class DiskFullError extends ApiError {
  constructor(where: string, neededBytes: number | null, freeBytes: number | null) {
    const mb = (n: number): string => `${Math.ceil(n / 1e6).toLocaleString('en')} MB`;
    super('bad_input', neededBytes !== null && freeBytes !== null
      ? `not enough disk space at ${where}: about ${mb(neededBytes)} needed, ${mb(freeBytes)} free; free some space or choose another place`
      : `the disk at ${where} filled up while writing: nothing was kept; free some space or choose another place`);
  }
}

/** Free bytes for this user on the file system holding `dir` (fs.statfs). */
export async function freeBytes(dir: string, statfsFn: (p: string) => Promise<{ bavail: number | bigint; bsize: number | bigint }> = statfs): Promise<number> {
  const s = await statfsFn(dir);
  return Number(s.bavail) * Number(s.bsize);
}

/** @throws DiskFullError when `dir`'s file system has less than `needed` bytes (plus a 5% / 16 MB margin) free. */
export async function assertFreeSpace(dir: string, needed: number, statfsFn?: Parameters<typeof freeBytes>[1]): Promise<void> {
  const free = await freeBytes(dir, statfsFn);
  const want = needed * 1.05 + 16e6;
  if (free < want) throw new DiskFullError(dir, Math.ceil(want), free);
}

/** True for an error that means the disk is full (or the quota is used up). */
export const isDiskFull = (err: unknown): boolean => ['ENOSPC', 'EDQUOT'].includes((err as { code?: string } | null)?.code ?? '');
