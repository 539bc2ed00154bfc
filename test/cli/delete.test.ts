import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/engine/db/database';
import { writeShapesFolder } from '../engine/training/shapes-dataset';

const BIN = join(__dirname, '..', '..', 'bin', 'gan-studio.mjs');

function cli(args: string[], home: string) {
  const r = spawnSync(process.execPath, [BIN, ...args, '--home', home], { encoding: 'utf8', timeout: 180_000, stdio: ['ignore', 'pipe', 'pipe'] });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
}

describe('gan-studio delete / rename: provenance stays true', () => {
  let root: string, home: string, runId: string, batchId: string, out: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'gs-delete-'));
    home = join(root, 'home');
    await writeShapesFolder(join(root, 'shapes'), 6, 3);
    expect(cli(['import', join(root, 'shapes'), '--kind', 'labeled', '--name', 'shapes', '--json'], home).code).toBe(0);
    const t = cli(['train', 'cgan', '--dataset', 'shapes', '--steps', '2', '--resolution', '28', '--batch', '4', '--width', '8',
      '--checkpoint-every', '2', '--sample-every', '2', '--json'], home);
    expect(t.code).toBe(0);
    runId = t.json().runId;
    const g = cli(['generate', runId, '--per-class', '2', '--seed', '3', '--json'], home);
    expect(g.code).toBe(0);
    batchId = g.json().batchId;
    out = join(root, 'export');
    expect(cli(['export', batchId, '--out', out, '--json'], home).code).toBe(0);
  }, 240_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('refuses without --yes when there is no terminal, names what it would free, and deletes nothing', () => {
    const r = cli(['delete', 'batch', batchId, '--json'], home);
    expect(r.code).toBe(2);
    expect(r.json().error.message).toMatch(/frees .*pass --yes/);
    const db = openDatabase(join(home, 'studio.db'));
    expect(db.prepare('SELECT deleted_at FROM sample_batches WHERE batch_id = ?').get(batchId)).toEqual({ deleted_at: null });
    db.close();
  });

  it('a dataset used by a run cannot vanish: refused, naming the run', () => {
    const d = cli(['delete', 'dataset', 'shapes', '--yes', '--json'], home);
    expect(d.code).toBe(2);
    expect(d.json().error).toMatchObject({ code: 'conflict' });
    expect(d.json().error.message).toContain(runId);
  });

  it('deleting the batch and the run keeps the lineage of an exported file answering, and says what was deleted', () => {
    const file = join(out, readdirSync(out).find((f) => !f.includes('.'))!);
    const exported = join(file, readdirSync(file)[0]!);
    const b = cli(['delete', 'batch', batchId, '--yes', '--json'], home);
    expect(b.code).toBe(0);
    expect(b.json()).toMatchObject({ kind: 'batch', id: batchId, freedBytes: expect.any(Number) });
    expect(b.json().freedBytes).toBeGreaterThan(0);
    const runDir = join(home, 'runs', runId);
    expect(existsSync(runDir)).toBe(true);
    const r = cli(['delete', 'run', runId, '--yes', '--json'], home);
    expect(r.code).toBe(0);
    expect(existsSync(runDir)).toBe(false);
    const l = cli(['lineage', exported, '--json'], home);
    expect(l.code).toBe(0);
    const lineage = l.json();
    expect(lineage).toMatchObject({ synthetic: true, runId, batchId });
    expect(lineage.deleted.join(' ')).toMatch(new RegExp(`run ${runId} deleted.*`));
    expect(lineage.deleted.join(' ')).toMatch(new RegExp(`batch ${batchId} deleted`));
    // Hidden from the lists, refused for new work.
    expect(cli(['runs', '--json'], home).json()).toEqual([]);
    expect(cli(['generate', runId, '--per-class', '1', '--json'], home).json().error.message).toMatch(/deleted/);
    expect(cli(['export', batchId, '--out', join(root, 'again'), '--json'], home).json().error.message).toMatch(/deleted/);
    // Now the dataset may go; its source folder stays.
    const d = cli(['delete', 'dataset', 'shapes', '--yes', '--json'], home);
    expect(d.code).toBe(0);
    expect(existsSync(join(root, 'shapes'))).toBe(true);
    expect(cli(['datasets', '--json'], home).json()).toEqual([]);
    // The export record goes with its folder (this studio wrote it).
    const db = openDatabase(join(home, 'studio.db'));
    const exportId = (db.prepare('SELECT export_id FROM exports').get() as { export_id: string }).export_id;
    db.close();
    const e = cli(['delete', 'export', exportId, '--yes', '--json'], home);
    expect(e.code).toBe(0);
    expect(existsSync(out)).toBe(false);
  }, 180_000);

  it('rename dataset: the new name resolves, a taken or bad name is refused', async () => {
    await writeShapesFolder(join(root, 'more'), 4, 2);
    expect(cli(['import', join(root, 'more'), '--kind', 'labeled', '--name', 'more', '--json'], home).code).toBe(0);
    expect(cli(['import', join(root, 'more'), '--kind', 'labeled', '--name', 'other', '--json'], home).code).toBe(0);
    expect(cli(['rename', 'dataset', 'more', 'renamed', '--json'], home).json()).toMatchObject({ name: 'renamed' });
    expect(cli(['dataset', 'renamed', '--json'], home).code).toBe(0);
    expect(cli(['rename', 'dataset', 'renamed', 'other', '--json'], home).json().error.code).toBe('conflict');
    expect(cli(['rename', 'dataset', 'renamed', 'a/b', '--json'], home).code).toBe(2);
  }, 180_000);
});
