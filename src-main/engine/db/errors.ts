import { ApiError } from '../../shared/api/errors';

/** The database file was written by a newer GAN Studio: opening it could lose data, so it is refused. */
export class DatabaseNewerError extends ApiError {
  constructor(file: string, found: number, known: number) {
    super(
      'database_newer',
      `the studio database ${file} is at schema version ${found}, but this GAN Studio knows versions up to ${known}: ` +
        'update GAN Studio, or point --home at another folder',
    );
  }
}

export class DatabaseCorruptError extends ApiError {
  constructor(file: string, detail: string) {
    super('database_corrupt', `the studio database ${file} is not a readable SQLite database (${detail}): move it aside or restore a backup`);
  }
}

export class DatabaseLockedError extends ApiError {
  constructor(file: string) {
    super('database_locked', `the studio database ${file} stayed locked by another process: close the other GAN Studio or wait and retry`);
  }
}
