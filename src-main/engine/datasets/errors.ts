import { ApiError } from '../../shared/api/errors';
import type { SkippedFile } from '../../shared/domain/dataset';

/** The folder yielded no image that can be used; the message says what was found instead. */
export class NoUsableImagesError extends ApiError {
  constructor(folder: string, detail: string, skipped: readonly SkippedFile[]) {
    const first = skipped[0];
    const firstText = first ? `; first: ${first.path}: ${first.code}: ${first.reason}` : '';
    super('bad_input', `the folder ${folder} has no usable image: ${detail}${firstText}`);
  }
}

/** The import folder is missing, not a folder, or cannot be listed. */
export class ImportFolderError extends ApiError {
  constructor(folder: string, why: string) {
    super('bad_input', `cannot import ${folder}: ${why}`);
  }
}

/** A dataset of that name exists with the other kind. */
export class DatasetKindConflictError extends ApiError {
  constructor(name: string, existing: string, wanted: string) {
    super('conflict', `the dataset '${name}' exists as a ${existing} dataset, not ${wanted}: pass another --name`);
  }
}

/** No dataset/version matches a reference. */
export class DatasetNotFoundError extends ApiError {
  constructor(ref: string) {
    super('not_found', `no dataset '${ref}': list them with 'gan-studio datasets'`);
  }
}

/** Files of a version changed or vanished since import, so its images can no longer be read as frozen. */
export class DatasetFilesChangedError extends ApiError {
  constructor(versionId: string, problems: readonly { path: string; reason: string }[]) {
    const shown = problems.slice(0, 3).map((p) => `${p.path}: ${p.reason}`).join('; ');
    super(
      'conflict',
      `${problems.length} file(s) of dataset version ${versionId} changed since import (${shown}): ` +
        're-import the folder to freeze a new version, or restore the files',
    );
  }
}

/** The Debian Fashion-MNIST package is not installed. */
export class FashionMnistMissingError extends ApiError {
  constructor(dir: string) {
    super('not_found', `Fashion-MNIST files not found in ${dir}: run 'sudo apt-get install dataset-fashion-mnist'`);
  }
}

/** True for an error that means the disk (or quota) is full: a file write's ENOSPC/EDQUOT, or SQLite's SQLITE_FULL. */
export function isDiskFullError(err: unknown): boolean {
  return ['ENOSPC', 'EDQUOT', 'SQLITE_FULL'].includes((err as { code?: string } | null)?.code ?? '');
}

/** The disk holding the studio home filled up while importing (thumbnails, the database): nothing was saved. */
export class ImportDiskFullError extends ApiError {
  constructor(home: string, folder: string) {
    super('disk_full', `the disk holding the studio home ${home} is full: the import of ${folder} saved nothing; free some space there and import again`);
  }
}
