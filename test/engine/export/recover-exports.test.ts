import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import type { Db } from '../../../src-main/engine/db/database';
import { beginExport } from '../../../src-main/engine/export/export-repo';
import { recoverPendingExports } from '../../../src-main/engine/export/recover-exports';
import { openStudio } from '../../../src-main/engine/studio';
import { useTempDirs, waitFor } from '../../helpers/temp-dir';
import { setupGenerationHome } from '../generation/generation-fixture';

beforeAll(async () => {
  await resolveBackend({ force: 'wasm' });
});

/** A pid no process has: one of a process that has just exited. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid;
const isDead = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
};

const count = (db: Db, sql: string): number => (db.prepare(sql).get() as { n: number }).n;
const exportRow = (db: Db, id: string) => db.prepare('SELECT completed_at, replaced_at FROM exports WHERE export_id = ?').get(id) as
  { completed_at: string | null; replaced_at: string | null } | undefined;

/** Opens the studio on the home as the app does on start, and closes it again. */
async function reopen(home: string): Promise<void> {
  const studio = await openStudio({ home, face: 'cli', scheduler: false });
  await studio.close();
}

/** A pending export row as a writer that died would leave it, with its temporary folder (holding one file) next to `out`. */
function pendingRow(db: Db, out: string, pid: number, exportId: string): string {
  const tmp = join(out, '..', `.${out.split('/').at(-1)}.export-${pid}-0badf00d.tmp`);
  mkdirSync(join(tmp, 'c'), { recursive: true });
  writeFileSync(join(tmp, 'c', 'x.png'), 'x');
  beginExport(db, { exportId, out, format: 'png', resolution: null, withRealVersionId: null, ratio: null, batchIds: ['b'], files: 1, synthetic: 1, real: 0,
    tmpDir: tmp, writerPid: pid });
  return tmp;
}

describe('pending exports after a crash', () => {
  const tempDir = useTempDirs();

  it('killed between writing the rows and the rename: reopening drops the rows and the temporary folder', async () => {
    const h = await setupGenerationHome(tempDir());
    const batch = await h.generate({ perClass: 3 });
    const parent = tempDir();
    const out = join(parent, 'export');
    const child = spawn('npx', ['tsx', join(__dirname, 'export-child.ts'), h.home, out, batch.batchId, 'hang-at-rename'],
      { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
    const kill = (): void => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    let row: { export_id: string; tmp_dir: string; writer_pid: number; completed_at: string | null };
    try {
      let stdout = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          if (/renaming/.test(stdout)) resolve();
        });
        child.on('exit', () => reject(new Error(`child exited early: ${stdout}`)));
      });
      row = h.db.prepare('SELECT export_id, tmp_dir, writer_pid, completed_at FROM exports').get() as typeof row;
      expect(row.completed_at).toBeNull();
      expect(count(h.db, 'SELECT COUNT(*) AS n FROM export_files')).toBe(9);
      expect(readdirSync(row.tmp_dir)).toContain('metadata.jsonl');
      // A live writer's export is left alone.
      await reopen(h.home);
      expect(exportRow(h.db, row.export_id)).toBeDefined();
    } finally {
      kill();
    }
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.on('exit', r)));
    await waitFor(() => isDead(row.writer_pid), 20_000, 'the killed exporter to exit');

    await reopen(h.home);
    expect(count(h.db, 'SELECT COUNT(*) AS n FROM exports')).toBe(0);
    expect(count(h.db, 'SELECT COUNT(*) AS n FROM export_files')).toBe(0);
    expect(readdirSync(parent)).toEqual([]);
    // The batch is no longer held by a phantom export, and exporting to that target works.
    const r = await h.exports['exports.create']({ batchIds: [batch.batchId], out, format: 'png', overwrite: false });
    expect(r.files).toBe(9);
    expect(readdirSync(parent)).toEqual(['export']);
    h.db.close();
  }, 120_000);

  it('killed inside an --overwrite swap: reopening puts the old export back; killed after it: the new one is completed', async () => {
    const h = await setupGenerationHome(tempDir());
    const batch = await h.generate({ perClass: 1 });
    const parent = tempDir();
    const out = join(parent, 'export');
    const first = await h.exports['exports.create']({ batchIds: [batch.batchId], out, format: 'png', overwrite: false });

    // The old folder moved aside, the new one not yet in place.
    const tmp = pendingRow(h.db, out, deadPid(), 'crashed-swap');
    renameSync(out, `${tmp}.old`);
    await reopen(h.home);
    expect(readdirSync(parent)).toEqual(['export']);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain(`(export ${first.exportId})`);
    expect(exportRow(h.db, 'crashed-swap')).toBeUndefined();
    expect(exportRow(h.db, first.exportId)).toMatchObject({ completed_at: expect.any(String), replaced_at: null });

    // An --overwrite export whose rename happened but whose rows were never marked complete.
    const second = await h.exports['exports.create']({ batchIds: [batch.batchId], out, format: 'jpg', overwrite: true });
    const dead = deadPid();
    const old = join(parent, `.export.export-${dead}-0badf00d.tmp.old`);
    mkdirSync(old);
    h.db.prepare('UPDATE exports SET completed_at = NULL, replaced_at = NULL').run();
    h.db.prepare('UPDATE exports SET writer_pid = ?, tmp_dir = ? WHERE export_id = ?').run(dead, old.slice(0, -4), second.exportId);
    h.db.prepare('UPDATE exports SET completed_at = created_at WHERE export_id = ?').run(first.exportId);
    expect(await recoverPendingExports(h.db)).toEqual({ completed: [second.exportId], dropped: [] });
    expect(exportRow(h.db, second.exportId)).toMatchObject({ completed_at: expect.any(String), replaced_at: null });
    expect(exportRow(h.db, first.exportId)!.replaced_at).not.toBeNull();
    expect(readdirSync(parent)).toEqual(['export']);
    h.db.close();
  });

  it('the next export settles dead writers\' rows too; a folder not of our naming is never removed; live writers are left alone', async () => {
    const h = await setupGenerationHome(tempDir());
    const batch = await h.generate({ perClass: 1 });
    const parent = tempDir();
    const tmp = pendingRow(h.db, join(parent, 'a'), deadPid(), 'dead');
    const mine = pendingRow(h.db, join(parent, 'b'), process.pid, 'alive');
    mkdirSync(join(parent, 'keep'));
    beginExport(h.db, { exportId: 'foreign', out: join(parent, 'c'), format: 'png', resolution: null, withRealVersionId: null, ratio: null, batchIds: ['b'],
      files: 0, synthetic: 0, real: 0, tmpDir: join(parent, 'keep'), writerPid: deadPid() });

    await h.exports['exports.create']({ batchIds: [batch.batchId], out: join(parent, 'new'), format: 'png', overwrite: false });
    expect(existsSync(tmp)).toBe(false);
    expect(existsSync(mine)).toBe(true);
    expect(existsSync(join(parent, 'keep'))).toBe(true);
    expect((h.db.prepare('SELECT export_id FROM exports WHERE completed_at IS NULL').all() as { export_id: string }[]).map((r) => r.export_id)).toEqual(['alive']);
    h.db.close();
  });
});
