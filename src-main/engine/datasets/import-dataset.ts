import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import sharp from 'sharp';
import { ImportOptionsSchema, type DatasetProgress, type ImportOptions, type ImportResult, type SkippedFile } from '../../shared/domain/dataset';
import type { Db } from '../db/database';
import { findDatasetByName, findVersionByManifest, insertVersion, knownImageLookup, markLatest } from './dataset-repo';
import { DatasetKindConflictError, ImportDiskFullError, ImportFolderError, isDiskFullError, NoUsableImagesError } from './errors';
import { inspectFile } from './inspect-file';
import { datasetIdFor, freezeManifest, versionIdFor, type RawEntry } from './manifest';
import { forEachBounded } from './pool';
import { ProgressMeter } from './progress';
import { walkFolder, type ConfineFn } from './walk-folder';

export const DEFAULT_MAX_FILE_BYTES = 200 * 1024 * 1024;
export const DEFAULT_HOLDOUT_FRACTION = 0.1;
export const DEFAULT_SPLIT_SEED = 0;
/** Files in flight at once: enough to keep libvips' threads and the disk busy, few enough to bound memory. */
const CONCURRENCY = 8;

export interface ImportDatasetOptions extends ImportOptions {
  signal?: AbortSignal;
  onProgress?: (p: DatasetProgress) => void;
  /** Class name of a class folder when it is not the folder's name (a class called 'T-shirt/top'). */
  classNames?: Record<string, string>;
  /** Web mode: which real paths links may lead to (the allowed folders); links elsewhere are skipped. */
  confine?: ConfineFn;
}

// libvips' operation cache only helps repeated work on one image; over a folder it just grows RSS.
sharp.cache(false);

/**
 * Imports a folder in place (the originals are only read) as a new version of the dataset `name` (default: the
 * folder's name), or returns the existing version when the folder is unchanged. Files are streamed through a
 * bounded pool; the version appears in one transaction at the end, so a killed or cancelled import leaves none.
 * @throws ApiError bad_input when the folder is missing or holds no usable image; conflict on a kind mismatch;
 *   disk_full when the home's disk fills up (thumbnails, database: nothing is saved); the signal's reason when cancelled.
 */
export async function importDataset(db: Db, home: string, options: ImportDatasetOptions): Promise<ImportResult> {
  try {
    return await importFolder(db, home, options);
  } catch (err) {
    if (isDiskFullError(err)) throw new ImportDiskFullError(home, resolve(options.folder));
    throw err;
  }
}

async function importFolder(db: Db, home: string, options: ImportDatasetOptions): Promise<ImportResult> {
  const opts = ImportOptionsSchema.parse(options);
  const folder = resolve(opts.folder);
  const st = await stat(folder).catch(() => null);
  if (!st) throw new ImportFolderError(folder, 'no such folder');
  if (!st.isDirectory()) throw new ImportFolderError(folder, 'it is a file, not a folder');
  const name = opts.name ?? basename(folder);
  const existing = findDatasetByName(db, name);
  if (existing && existing.kind !== opts.kind) throw new DatasetKindConflictError(name, existing.kind, opts.kind);
  const labeled = opts.kind === 'labeled';
  const signal = options.signal;
  const meter = new ProgressMeter(options.onProgress);

  let total = 0;
  try {
    for await (const item of walkFolder(folder, labeled, options.confine)) {
      signal?.throwIfAborted();
      if (item.type === 'file' && ++total % 5000 === 0) meter.report('scanning', 0, total, 0, true);
    }
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ImportFolderError(folder, `it cannot be listed (${(err as Error).message})`);
  }

  const walkSkips: SkippedFile[] = [];
  const classFolders: string[] = [];
  const entries: RawEntry[] = [];
  const ctx = { home, maxFileBytes: opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, known: knownImageLookup(db) };
  let done = 0;
  meter.report('reading', 0, total, 0, true);
  await forEachBounded(walkFolder(folder, labeled, options.confine), CONCURRENCY, async (item) => {
    if (item.type === 'class') classFolders.push(item.folder);
    else if (item.type === 'skip') walkSkips.push(item.skip);
    else {
      const result = await inspectFile(item.abs, ctx);
      if (result.ok) entries.push({ rel: item.rel, classFolder: item.classFolder ?? '', facts: result.facts });
      else walkSkips.push({ path: item.rel, code: result.code, reason: result.reason });
      done++;
      meter.report('reading', done, total, walkSkips.length, false);
    }
  }, signal);
  signal?.throwIfAborted();

  const classNames = options.classNames ?? {};
  const holdoutFraction = opts.holdoutFraction ?? DEFAULT_HOLDOUT_FRACTION;
  const splitSeed = opts.splitSeed ?? DEFAULT_SPLIT_SEED;
  const manifest = freezeManifest(entries, {
    kind: opts.kind, classFolders, holdoutFraction, splitSeed,
    className: (f) => (labeled ? (classNames[f] ?? f) : name),
  });
  // The raw entries are copied into the manifest: drop them so a 100k-file import does not hold both.
  entries.length = 0;
  const skipped = [...walkSkips, ...manifest.skipped].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (manifest.entries.length === 0) throw new NoUsableImagesError(folder, explainEmpty(labeled, classFolders.length, total, skipped), skipped);

  meter.report('saving', done, total, skipped.length, true);
  const datasetId = existing?.datasetId ?? datasetIdFor(name);
  const versionId = versionIdFor(datasetId, manifest.manifestSha256);
  const dataset = { datasetId, name, kind: opts.kind };
  const known = existing ? findVersionByManifest(db, datasetId, manifest.manifestSha256) : null;
  const diff = known
    ? markLatest(db, datasetId, known.versionId)
    : insertVersion(db, { dataset, versionId, manifestSha256: manifest.manifestSha256, sourceFolder: folder, holdoutFraction, splitSeed,
        classes: manifest.classes, entries: manifest.entries, skipped, emptyClasses: manifest.emptyClasses },
        (kind) => new DatasetKindConflictError(name, kind, opts.kind));
  return {
    datasetId, name, versionId, count: manifest.entries.length,
    classes: manifest.classes.map((c) => ({ name: c.name, count: c.count })),
    skipped, emptyClasses: manifest.emptyClasses, diff,
  };
}

function explainEmpty(labeled: boolean, classCount: number, files: number, skipped: SkippedFile[]): string {
  const atTop = skipped.filter((s) => s.code === 'not_in_class').length;
  if (labeled && classCount === 0 && atTop > 0) {
    return `a labeled dataset needs one subfolder per class, but its ${atTop} file(s) sit directly in it: move them into class folders, or import with kind 'domain'`;
  }
  if (files === 0 && skipped.length === 0) return labeled ? 'its class folders hold no files' : 'it holds no files';
  return `${skipped.length} file(s) could not be used`;
}
