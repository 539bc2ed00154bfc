import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileProblem } from '../../shared/domain/dataset';
import type { Db } from '../db/database';
import { findVersion, iterateVersionFiles } from './dataset-repo';
import { DatasetNotFoundError } from './errors';
import { hashStream } from './hash-file';
import { forEachBounded } from './pool';
import { errCode } from './walk-folder';

export interface VerifyOptions {
  signal?: AbortSignal;
  /** Whether a file (with the folder its version was imported from) may be read; default: every file. */
  readable?: (path: string, registeredFolder: string) => boolean;
}

/**
 * Re-hashes every file of a version where it was imported (in place) and lists those whose bytes changed or that
 * vanished. Training, export and lineage call this before trusting a version. Empty list = intact.
 * With `readable` (web mode), a file whose real path the face may not read is reported unreadable, never opened.
 * @throws ApiError not_found for an unknown version.
 */
export async function verifyDatasetFiles(db: Db, versionId: string, options: VerifyOptions = {}): Promise<FileProblem[]> {
  const version = findVersion(db, versionId);
  if (!version) throw new DatasetNotFoundError(versionId);
  const problems: FileProblem[] = [];
  // Read the rows first: an open cursor across the awaits below would keep the connection busy, and the job
  // host's lease transaction on the same connection would fail in the meantime.
  const files = Array.from(iterateVersionFiles(db, versionId), (f) => ({ rel: f.rel, sha256: f.sha256 }));
  await forEachBounded(files, 8, async (f) => {
    const abs = join(version.sourceFolder, f.rel);
    if (options.readable && existsSync(abs) && !options.readable(abs, version.sourceFolder)) {
      problems.push({ path: f.rel, code: 'unreadable', reason: 'it is a link out of its dataset folder and of the folders this server may use: put the file itself there' });
      return;
    }
    try {
      await stat(abs);
      const sha = await hashStream(abs);
      if (sha !== f.sha256) problems.push({ path: f.rel, code: 'changed', reason: 'its bytes changed since import: re-import the folder or restore the file' });
    } catch (err) {
      const code = errCode(err);
      if (code === 'ENOENT') problems.push({ path: f.rel, code: 'missing', reason: 'the file is gone: restore it or re-import the folder' });
      else problems.push({ path: f.rel, code: 'unreadable', reason: `cannot be read (${code}): check its permissions` });
    }
  }, options.signal);
  return problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
