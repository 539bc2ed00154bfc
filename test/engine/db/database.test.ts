import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { latestSchemaVersion, openDatabase } from '../../../src-main/engine/db/database';
import { DatabaseCorruptError, DatabaseLockedError, DatabaseNewerError } from '../../../src-main/engine/db/errors';
import type { Migration } from '../../../src-main/engine/db/migrations/types';
import { useTempDirs } from '../../helpers/temp-dir';

describe('openDatabase', () => {
  const tempDir = useTempDirs();

  it('applies every migration, sets user_version, WAL and foreign keys', () => {
    const file = join(tempDir(), 'studio.db');
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[];
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['jobs', 'job_logs', 'scheduler_lease']));
    db.close();
    // Re-opening applies nothing twice.
    const again = openDatabase(file);
    expect(again.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    again.close();
  });

  it('enforces foreign keys', () => {
    const db = openDatabase(join(tempDir(), 'studio.db'));
    expect(() => db.prepare(`INSERT INTO job_logs (job_id, level, message, time) VALUES ('nope', 'info', 'x', 'now')`).run()).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('refuses a database from a newer version with a named error and leaves it unchanged', () => {
    const file = join(tempDir(), 'studio.db');
    const raw = new BetterSqlite3(file);
    raw.pragma('user_version = 999');
    raw.exec('CREATE TABLE future_thing (x INTEGER)');
    raw.close();
    expect(() => openDatabase(file)).toThrow(DatabaseNewerError);
    expect(() => openDatabase(file)).toThrow(/schema version 999.*update GAN Studio/);
    const check = new BetterSqlite3(file);
    expect(check.pragma('user_version', { simple: true })).toBe(999);
    expect(check.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'jobs'`).get()).toEqual({ n: 0 });
    check.close();
  });

  it('refuses a corrupt file with a named error and does not overwrite it', () => {
    const file = join(tempDir(), 'studio.db');
    const junk = Buffer.alloc(8192, 0x41);
    writeFileSync(file, junk);
    expect(() => openDatabase(file)).toThrow(DatabaseCorruptError);
    expect(() => openDatabase(file)).toThrow(/not a readable SQLite database/);
  });

  it('reports a database another process keeps locked with a named error, and changes nothing', () => {
    const file = join(tempDir(), 'studio.db');
    openDatabase(file).close();
    const holder = new BetterSqlite3(file);
    holder.exec('BEGIN EXCLUSIVE');
    try {
      expect(() => openDatabase(file, { busyTimeoutMs: 100 })).toThrow(DatabaseLockedError);
      expect(() => openDatabase(file, { busyTimeoutMs: 100 })).toThrow(/locked by another process/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    const again = openDatabase(file);
    expect(again.pragma('integrity_check', { simple: true })).toBe('ok');
    again.close();
  });

  it('rolls back every step of a failed migration run', () => {
    const file = join(tempDir(), 'studio.db');
    const migrations: Migration[] = [
      { version: 1, name: 'one', up: (db) => db.exec('CREATE TABLE a (x INTEGER)') },
      { version: 2, name: 'two', up: (db) => db.exec('CREATE TABLE b (x INTEGER); THIS IS NOT SQL') },
    ];
    expect(() => openDatabase(file, { migrations })).toThrow();
    const check = new BetterSqlite3(file);
    expect(check.pragma('user_version', { simple: true })).toBe(0);
    expect(check.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name IN ('a','b')`).get()).toEqual({ n: 0 });
    check.close();
  });

  it('refuses migrations that are not numbered 1, 2, 3…', () => {
    const migrations: Migration[] = [{ version: 2, name: 'gap', up: () => undefined }];
    expect(() => openDatabase(join(tempDir(), 'studio.db'), { migrations })).toThrow(/expected 1/);
  });

  it('lets two connections write to one home without corruption', () => {
    const file = join(tempDir(), 'studio.db');
    const a = openDatabase(file);
    const b = openDatabase(file);
    const insert = (db: typeof a, id: string) =>
      db.prepare(`INSERT INTO jobs (job_id, kind, status, params_json, created_at) VALUES (?, 'selftest', 'queued', '{}', 'now')`).run(id);
    for (let i = 0; i < 50; i++) {
      insert(a, `a${i}`);
      insert(b, `b${i}`);
    }
    expect(a.prepare('SELECT count(*) AS n FROM jobs').get()).toEqual({ n: 100 });
    expect(a.pragma('integrity_check', { simple: true })).toBe('ok');
    a.close();
    b.close();
  });
});
