import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError } from '../../shared/api/errors';
import type { Db } from '../db/database';
import { findVersion, getDataset, iterateVersionFiles, listVersionClasses } from '../datasets';
import { walkFolder } from '../datasets/walk-folder';
import type { TranslationSource } from './translations-repo';

/** One image to translate: where it is, its class in the batch. The hash is taken when it is read. */
export interface TranslateItem {
  abs: string;
  classIndex: number;
  /** From the dataset manifest (checked against the bytes read), or null for a folder. */
  sha256: string | null;
}

export interface TranslateInputs {
  items: TranslateItem[];
  /** Classes of the batch: a labeled dataset's own, else one class named after the target domain. */
  classes: { index: number; name: string }[];
  source: TranslationSource;
  /** The dataset version translated; for a folder, the run's source-domain version (what the generator learnt from). */
  datasetVersionId: string;
}

/**
 * Lists what `translate` reads: every file under `dir` (recursively; unreadable or non-image files fail the
 * translation when decoded, naming the file), or every file of a dataset version (train and holdout).
 */
export async function collectInputs(db: Db, input: { dir?: string; dataset?: string }, targetName: string, sourceVersionId: string): Promise<TranslateInputs> {
  const single = [{ index: 0, name: targetName }];
  if (input.dir !== undefined) {
    const st = await stat(input.dir).catch(() => null);
    if (!st?.isDirectory()) throw new ApiError('bad_input', `--input-dir ${input.dir} is not a folder`);
    const items: TranslateItem[] = [];
    for await (const w of walkFolder(input.dir, false)) if (w.type === 'file') items.push({ abs: w.abs, classIndex: 0, sha256: null });
    if (items.length === 0) throw new ApiError('bad_input', `--input-dir ${input.dir} holds no files to translate`);
    return { items, classes: single, source: { kind: 'dir', path: input.dir }, datasetVersionId: sourceVersionId };
  }
  const ds = getDataset(db, input.dataset ?? '');
  const version = ds ? findVersion(db, ds.versionId) : null;
  if (!ds || !version) throw new ApiError('not_found', `no dataset '${input.dataset}': list them with 'gan-studio datasets'`);
  const labeled = ds.kind === 'labeled';
  const items: TranslateItem[] = [];
  for (const f of iterateVersionFiles(db, ds.versionId)) {
    items.push({ abs: join(version.sourceFolder, f.rel), classIndex: labeled ? f.classIndex : 0, sha256: f.sha256 });
  }
  const classes = labeled ? listVersionClasses(db, ds.versionId).map((c) => ({ index: c.index, name: c.name })) : single;
  return { items, classes, source: { kind: 'dataset', ref: input.dataset!, versionId: ds.versionId, labeled }, datasetVersionId: ds.versionId };
}

/** Reads an input's bytes and hashes them; a dataset file whose bytes changed since import is refused. */
export async function readInput(item: TranslateItem): Promise<{ bytes: Buffer; sha256: string }> {
  const bytes = await readFile(item.abs).catch((err: NodeJS.ErrnoException) => {
    throw new ApiError('bad_input', `cannot read ${item.abs}: ${err.code ?? err.message}`);
  });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (item.sha256 && item.sha256 !== sha256) throw new ApiError('conflict', `${item.abs} changed since it was imported: re-import the dataset`);
  return { bytes, sha256 };
}
