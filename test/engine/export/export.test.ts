import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { nodeExportFs, type ExportFs } from '../../../src-main/engine/export/export-fs';
import { assignFolders, safeFolderName } from '../../../src-main/engine/export/folder-names';
import { createExportHandlers } from '../../../src-main/engine/services/export-service';
import { ApiError } from '../../../src-main/shared/api/errors';
import { useTempDirs, waitFor } from '../../helpers/temp-dir';
import { setupGenerationHome } from '../generation/generation-fixture';

beforeAll(async () => {
  await resolveBackend({ force: 'wasm' });
});

const enospc = (): Error => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

/** The export's parent folder holds nothing but what was there before (no temporary folder left). */
const leftovers = (parent: string): string[] => readdirSync(parent);

describe('export writer', () => {
  const tempDir = useTempDirs();

  it('folder names are safe on every OS and unique even case-insensitively; indices follow sorted folders', () => {
    expect(safeFolderName('T-shirt/top')).toBe('T-shirt_top');
    expect(safeFolderName('..')).toBe('__');
    expect(safeFolderName('CON')).toBe('CON_');
    expect(safeFolderName('nul.txt')).toBe('nul.txt_');
    expect(safeFolderName('a:b*c?')).toBe('a_b_c_');
    expect(safeFolderName('dots...')).toBe('dots___');
    const c = assignFolders(['a/b', 'a\\b', 'A/b', 'zebra', 'Ünïcode']);
    expect(new Set(c.map((x) => x.folder.toLowerCase())).size).toBe(5);
    expect(c.map((x) => x.folder)).toEqual([...c.map((x) => x.folder)].sort());
    expect(c.map((x) => x.index)).toEqual([0, 1, 2, 3, 4]);
  });

  it('a disk filling up mid-export (ENOSPC from the file layer): clear error, nothing visible, no database rows', async () => {
    let copies = 0;
    const fs: ExportFs = { ...nodeExportFs, copyFile: async (a, b) => {
      if (++copies > 5) throw enospc();
      await nodeExportFs.copyFile(a, b);
    } };
    const h = await setupGenerationHome(tempDir(), { exportFs: fs });
    const batch = await h.generate({ perClass: 10 });
    const parent = tempDir();
    const out = join(parent, 'export');
    await expect(h.exports['exports.create']({ batchIds: [batch.batchId], out, format: 'png', overwrite: false }))
      .rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/disk .* filled up/) });
    expect(leftovers(parent)).toEqual([]);
    expect((h.db.prepare('SELECT COUNT(*) AS n FROM exports').get() as { n: number }).n).toBe(0);
    expect((h.db.prepare('SELECT COUNT(*) AS n FROM export_files').get() as { n: number }).n).toBe(0);
    // The same export succeeds once space is back; an --overwrite that fails leaves the old export intact.
    copies = -1e9;
    const ok = await h.exports['exports.create']({ batchIds: [batch.batchId], out, format: 'png', overwrite: false });
    expect(ok.files).toBe(30);
    copies = 0;
    await expect(h.exports['exports.create']({ batchIds: [batch.batchId], out, format: 'png', overwrite: true })).rejects.toMatchObject({ code: 'bad_input' });
    expect(leftovers(parent)).toEqual(['export']);
    expect(readdirSync(out)).toContain('metadata.jsonl');
    expect((h.db.prepare('SELECT COUNT(*) AS n FROM exports WHERE completed_at IS NOT NULL').get() as { n: number }).n).toBe(1);
  });

  it('not enough free space (fs.statfs) is refused before anything is written; writes go through the file layer', async () => {
    const tiny: ExportFs = { ...nodeExportFs, statfs: async () => ({ bavail: 10, bsize: 4096 }) };
    const h = await setupGenerationHome(tempDir(), { exportFs: tiny });
    const batch = await h.generate({ perClass: 2 });
    const parent = tempDir();
    await expect(h.exports['exports.create']({ batchIds: [batch.batchId], out: join(parent, 'e'), format: 'jpg', overwrite: false }))
      .rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/not enough disk space .* needed/) });
    expect(leftovers(parent)).toEqual([]);
  });

  it('ratio caps synthetic images per class at R × real; rejected samples are never exported', async () => {
    const h = await setupGenerationHome(tempDir());
    const batch = await h.generate({ perClass: 20 });
    const { samples } = await h.samples['samples.list']({ batchId: batch.batchId, classIndex: 0, offset: 0, limit: 200 });
    await h.samples['samples.setKept']({ sampleIds: samples.slice(0, 15).map((s) => s.sampleId), kept: false });
    const r = await h.exports['exports.create']({ batchIds: [batch.batchId], out: join(tempDir(), 'e'), withReal: 'shapes', ratio: 1.5, format: 'png', overwrite: false });
    // 8 real per class; synthetic ≤ 12 per class, and class 0 has only 5 kept.
    expect(r.real).toBe(24);
    expect(r.classes.map((c) => c.count)).toEqual([8 + 5, 8 + 12, 8 + 12]);
    const rejected = h.db.prepare('SELECT COUNT(*) AS n FROM export_files f JOIN samples s ON s.sample_id = f.sample_id WHERE s.kept = 0').get() as { n: number };
    expect(rejected.n).toBe(0);
  });

  it('a crash (kill) in the middle of an export leaves nothing that looks like an export', async () => {
    const h = await setupGenerationHome(tempDir());
    const batch = await h.generate({ perClass: 700 });
    const parent = tempDir();
    const out = join(parent, 'export');
    const child = spawn('npx', ['tsx', join(__dirname, 'export-child.ts'), h.home, out, batch.batchId], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
    let stdout = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (/progress/.test(stdout)) resolve();
        if (/finished/.test(stdout)) reject(new Error('the export finished before it could be killed'));
      });
      child.on('exit', () => reject(new Error(`child exited early: ${stdout}`)));
    });
    process.kill(-child.pid!, 'SIGKILL');
    await new Promise((r) => child.on('exit', r));
    expect(existsSync(out)).toBe(false);
    // What is left is a hidden temporary folder without metadata.jsonl, and no completed export.
    for (const f of leftovers(parent)) {
      expect(f).toMatch(/^\.export\.export-\d+-[0-9a-f]+\.tmp$/);
      expect(existsSync(join(parent, f, 'metadata.jsonl'))).toBe(false);
    }
    expect((h.db.prepare('SELECT COUNT(*) AS n FROM exports WHERE completed_at IS NOT NULL').get() as { n: number }).n).toBe(0);
    // The next export to that target clears the dead process's temporary folder and completes.
    const pids = leftovers(parent).map((f) => Number(/export-(\d+)-/.exec(f)![1]));
    await waitFor(() => pids.every((pid) => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    }), 20_000, 'the killed exporter to exit');
    const r = await h.exports['exports.create']({ batchIds: [batch.batchId], out, format: 'png', overwrite: false });
    expect(r.files).toBe(2100);
    expect(leftovers(parent)).toEqual(['export']);
    // The killed export's pending row (recorded before it wrote anything) went with its folder.
    expect((h.db.prepare('SELECT COUNT(*) AS n FROM exports').get() as { n: number }).n).toBe(1);
  }, 120_000);

  it('web mode: the face path check applies to the export target', async () => {
    const h = await setupGenerationHome(tempDir());
    const batch = await h.generate({ perClass: 1 });
    const handlers = createExportHandlers({ db: h.db, home: h.home, app: 't', assertPath: (p) => {
      throw new ApiError('forbidden_path', `${p} is outside the folders this server may use`);
    } });
    await expect(handlers['exports.create']({ batchIds: [batch.batchId], out: join(tempDir(), 'e'), format: 'png', overwrite: false }))
      .rejects.toMatchObject({ code: 'forbidden_path' });
  });
});
