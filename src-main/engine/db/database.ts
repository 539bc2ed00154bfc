import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { diskFullError, isDiskFullError } from '../home/disk-full';
import { DatabaseCorruptError, DatabaseLockedError, DatabaseNewerError } from './errors';
import { MIGRATIONS } from './migrations';
import type { Migration } from './migrations/types';

export type Db = Database;

export interface OpenDatabaseOptions {
  /** Migrations to apply (tests pass their own list). */
  migrations?: readonly Migration[];
  /** How long a write waits for another process's lock, in ms. */
  busyTimeoutMs?: number;
  /**
   * A prebuilt better-sqlite3 addon (the Electron-ABI build in the desktop app). Defaults to
   * `$GAN_STUDIO_SQLITE_BINDING`, which the desktop app sets for itself and its worker processes.
   */
  nativeBinding?: string;
}

/**
 * Opens the studio database: WAL journal (readers never block the writer, several processes may share it),
 * foreign keys on, then every pending migration in one transaction against `user_version`.
 * @throws DatabaseNewerError when the file's schema is newer than this build knows.
 * @throws DatabaseCorruptError when the file is not a SQLite database.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Db {
  const migrations = options.migrations ?? MIGRATIONS;
  const nativeBinding = options.nativeBinding ?? process.env.GAN_STUDIO_SQLITE_BINDING;
  let db: Db;
  try {
    db = new BetterSqlite3(file, nativeBinding ? { nativeBinding } : {});
  } catch (err) {
    throw new DatabaseCorruptError(file, (err as Error).message);
  }
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    migrate(db, file, migrations);
    return db;
  } catch (err) {
    db.close();
    throw translateSqliteError(err, file);
  }
}

/** Latest schema version this build knows. */
export function latestSchemaVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.at(-1)?.version ?? 0;
}

function migrate(db: Db, file: string, migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const known = latestSchemaVersion(migrations);
  // BEGIN IMMEDIATE: two processes opening a fresh home at once must not both migrate.
  const run = db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > known) throw new DatabaseNewerError(file, current, known);
    for (const m of migrations) {
      if (m.version <= current) continue;
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
  });
  run.immediate();
}

function translateSqliteError(err: unknown, file: string): unknown {
  const code = (err as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return new DatabaseCorruptError(file, (err as Error).message);
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return new DatabaseLockedError(file);
  if (isDiskFullError(err, dirname(file))) return diskFullError(err, dirname(file));
  return err;
}
