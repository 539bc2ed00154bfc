import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/engine/db/database';
import { importDataset } from '../../../src-main/engine/datasets';
import { ensureHome } from '../../../src-main/engine/home/studio-home';
import { png, put } from '../../fixtures/image-folders';
import { useTempDirs } from '../../helpers/temp-dir';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'gan-studio.mjs');

/** A labeled folder of `n` small PNGs in two classes. */
function folderOf(root: string, n: number, seed = 0): string {
  for (let i = 0; i < n; i++) put(root, `${i % 2 ? 'a' : 'b'}/${i}.png`, png(seed + i));
  return root;
}

const count = (db: Db, sql: string): number => (db.prepare(sql).get() as { n: number }).n;

describe('imports racing each other on one home', () => {
  const tempDir = useTempDirs();
  const dbs: Db[] = [];
  afterEach(() => {
    for (const db of dbs.splice(0)) db.close();
  });
  const home = (): { home: string; db: Db } => {
    const h = join(tempDir(), 'home');
    ensureHome(h);
    const db = openDatabase(join(h, 'studio.db'));
    dbs.push(db);
    return { home: h, db };
  };

  it('one folder under one name, twice at once in one process: both get the same version, stored once', async () => {
    const { home: h, db } = home();
    const folder = folderOf(tempDir(), 40);
    const results = await Promise.all([0, 1, 2].map(() => importDataset(db, h, { folder, kind: 'labeled', name: 'same' })));
    expect(new Set(results.map((r) => r.versionId)).size).toBe(1);
    expect(count(db, 'SELECT COUNT(*) AS n FROM dataset_versions')).toBe(1);
    expect(count(db, 'SELECT COUNT(*) AS n FROM dataset_files')).toBe(40);
  });

  it('one name with two kinds at once: one import wins, the other gets conflict (not a UNIQUE constraint)', async () => {
    const { home: h, db } = home();
    const folder = folderOf(tempDir(), 20);
    const settled = await Promise.allSettled([
      importDataset(db, h, { folder, kind: 'labeled', name: 'both' }),
      importDataset(db, h, { folder, kind: 'domain', name: 'both' }),
    ]);
    expect(settled.map((s) => s.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((settled.find((s) => s.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'conflict', message: expect.stringMatching(/exists as a .* dataset/) });
    expect(count(db, 'SELECT COUNT(*) AS n FROM dataset_versions')).toBe(1);
  });

  it('two CLI processes import one folder under one name at once: all exit 0 with the same version', async () => {
    const { home: h, db } = home();
    const folder = folderOf(tempDir(), 200, 1000);
    const run = () =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, 'import', folder, '--kind', 'labeled', '--name', 'raced', '--home', h, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.stderr.on('data', (c: Buffer) => (err += c.toString()));
        child.on('exit', (code) => resolve({ code, out, err }));
      });
    const runs = await Promise.all([run(), run()]);
    for (const r of runs) expect(r.code, r.err).toBe(0);
    const versions = runs.map((r) => (JSON.parse(r.out.trim().split('\n').pop()!) as { versionId: string }).versionId);
    expect(new Set(versions).size).toBe(1);
    expect(count(db, 'SELECT COUNT(*) AS n FROM dataset_versions')).toBe(1);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  }, 120_000);
});
