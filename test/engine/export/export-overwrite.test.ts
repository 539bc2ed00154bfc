import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { nodeExportFs, type ExportFs } from '../../../src-main/engine/export/export-fs';
import { createAllowedRoots } from '../../../src-main/engine/files/allowed-roots';
import { createExportHandlers } from '../../../src-main/engine/services/export-service';
import { useTempDirs } from '../../helpers/temp-dir';
import { setupGenerationHome } from '../generation/generation-fixture';

beforeAll(async () => {
  await resolveBackend({ force: 'wasm' });
});

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'gan-studio.mjs');

/** Every file under `dir`, relative, sorted: to show nothing was deleted or changed. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
      else out[`${prefix}${e.name}`] = readFileSync(join(d, e.name)).toString('base64').slice(0, 64);
    }
  };
  walk(dir, '');
  return out;
}

describe('export --overwrite replaces only an earlier export of this studio', () => {
  const tempDir = useTempDirs();

  async function setup() {
    const h = await setupGenerationHome(tempDir());
    const batch = await h.generate({ perClass: 2 });
    const create = (out: string, overwrite: boolean, handlers = h.exports) =>
      handlers['exports.create']({ batchIds: [batch.batchId], out, format: 'png', overwrite });
    return { h, batch, create };
  }

  it("refuses a user's folder (thesis.tex), a folder of many files and one with nested folders; nothing is touched", async () => {
    const { create } = await setup();
    const thesis = join(tempDir(), 'thesis');
    mkdirSync(thesis);
    writeFileSync(join(thesis, 'thesis.tex'), '\\documentclass{article}');
    const homeLike = join(tempDir(), 'me');
    mkdirSync(join(homeLike, 'Documents', 'deep'), { recursive: true });
    writeFileSync(join(homeLike, '.bashrc'), 'export X=1');
    writeFileSync(join(homeLike, 'Documents', 'deep', 'notes.md'), 'notes');
    // A folder that only looks like an export: README and metadata, but no export is recorded there.
    const lookalike = join(tempDir(), 'lookalike');
    mkdirSync(join(lookalike, 'cat'), { recursive: true });
    writeFileSync(join(lookalike, 'README.md'), '# GAN Studio export\n(export 11111111-2222-3333-4444-555555555555)');
    writeFileSync(join(lookalike, 'metadata.jsonl'), '{}\n');
    writeFileSync(join(lookalike, 'cat', 'a.png'), 'x');
    for (const dir of [thesis, homeLike, lookalike]) {
      const before = snapshot(dir);
      await expect(create(dir, true)).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/--overwrite refused: .* not a folder this studio exported to/) });
      expect(snapshot(dir)).toEqual(before);
      expect(readdirSync(join(dir, '..')).filter((n) => n.startsWith('.'))).toEqual([]); // no temporary folder left either
    }
  });

  it('replaces an earlier export as it was written; refuses it once the user saved a file in it or its README changed', async () => {
    const { create } = await setup();
    const out = join(tempDir(), 'set');
    const first = await create(out, false);
    // OS litter from a file browser is not the user's work.
    writeFileSync(join(out, '.DS_Store'), 'x');
    const second = await create(out, true);
    expect(second.exportId).not.toBe(first.exportId);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain(second.exportId);

    const folder = readdirSync(out, { withFileTypes: true }).find((e) => e.isDirectory())!.name;
    for (const [extra, why] of [[join(out, 'my-notes.txt'), /did not write \(my-notes\.txt\)/], [join(out, folder, 'mine.png'), /did not write \(.*mine\.png\)/],
      [join(out, 'my-folder', 'a.txt'), /did not write \(my-folder\)/]] as const) {
      mkdirSync(join(extra, '..'), { recursive: true });
      writeFileSync(extra, 'my own work');
      const before = snapshot(out);
      await expect(create(out, true)).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(why) });
      expect(snapshot(out)).toEqual(before);
      rmSync(extra);
    }
    writeFileSync(join(out, 'README.md'), 'my own readme');
    await expect(create(out, true)).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/README\.md is missing or names another export/) });
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toBe('my own readme');
  });

  it('refuses a copy of an export elsewhere and an export of another studio home', async () => {
    const a = await setup();
    const b = await setup();
    const out = join(tempDir(), 'set');
    await a.create(out, false);
    const copy = join(tempDir(), 'copy');
    cpSync(out, copy, { recursive: true });
    await expect(a.create(copy, true)).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/no export is recorded there/) });
    await expect(b.create(out, true)).rejects.toMatchObject({ code: 'bad_input' });
    expect(existsSync(join(copy, 'metadata.jsonl'))).toBe(true);
    expect(existsSync(join(out, 'metadata.jsonl'))).toBe(true);
  });

  it('the CLI exits 2 with a bad_input error and deletes nothing', async () => {
    const { h, batch } = await setup();
    const thesis = join(tempDir(), 'thesis');
    mkdirSync(thesis);
    writeFileSync(join(thesis, 'thesis.tex'), 'x');
    const r = spawnSync(process.execPath, [BIN, 'export', batch.batchId, '--out', thesis, '--overwrite', '--home', h.home, '--json'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'bad_input', message: expect.stringContaining('--overwrite refused') } });
    expect(readdirSync(thesis)).toEqual(['thesis.tex']);
  });

  it('two CLI exports to one --out at once: one exits 0, the other exits 2 with conflict, never internal', async () => {
    const h = await setupGenerationHome(tempDir());
    const batch = await h.generate({ perClass: 150 });
    const out = join(tempDir(), 'raced');
    const run = () => new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'export', batch.batchId, '--out', out, '--home', h.home, '--json'], { stdio: ['ignore', 'pipe', 'ignore'] });
      let text = '';
      child.stdout.on('data', (c: Buffer) => (text += c.toString()));
      child.on('exit', (code) => resolve({ code, out: text }));
    });
    const runs = await Promise.all([run(), run()]);
    expect(runs.map((r) => r.code).sort()).toEqual([0, 2]);
    const loser = JSON.parse(runs.find((r) => r.code === 2)!.out) as { error: { code: string } };
    expect(loser.error.code).toBe('conflict');
    expect(readdirSync(join(out, '..')).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(existsSync(join(out, 'metadata.jsonl'))).toBe(true);
  }, 120_000);

  it('web mode: an --allow-dir root (empty or not) or the studio home is never an export target; a folder inside one is', async () => {
    const { h, create } = await setup();
    const allowed = tempDir();
    const roots = createAllowedRoots(h.home, [allowed]);
    const web = createExportHandlers({ db: h.db, home: h.home, app: 't', assertPath: (p) => roots.assertAllowed(p), assertOutPath: (p) => roots.assertAllowedInside(p) });
    await expect(create(allowed, true, web)).rejects.toMatchObject({ code: 'forbidden_path', message: expect.stringMatching(/not a folder inside it/) });
    writeFileSync(join(allowed, 'keep.txt'), 'mine');
    await expect(create(allowed, true, web)).rejects.toMatchObject({ code: 'forbidden_path' });
    await expect(create(h.home, true, web)).rejects.toMatchObject({ code: 'forbidden_path' });
    expect(readdirSync(allowed)).toEqual(['keep.txt']);
    const r = await create(join(allowed, 'set'), false, web);
    expect(r.files).toBe(6);
    expect(readdirSync(allowed).sort()).toEqual(['keep.txt', 'set']);
  });

  it('two exports to one folder at once: one completes, the other gets conflict (same home or another), never internal', async () => {
    const a = await setup();
    const b = await setup();
    const slow = (): ExportFs => ({ ...nodeExportFs, copyFile: async (x, y) => {
      await new Promise((r) => setTimeout(r, 30));
      await nodeExportFs.copyFile(x, y);
    } });
    // Same home, two handler sets (two faces): the database claim refuses the second.
    const a2 = createExportHandlers({ db: a.h.db, home: a.h.home, app: 't', fs: slow() });
    const a1 = createExportHandlers({ db: a.h.db, home: a.h.home, app: 't', fs: slow() });
    const out = join(tempDir(), 'same');
    const same = await Promise.allSettled([a.create(out, false, a1), a.create(out, false, a2)]);
    expect(same.map((s) => s.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((same.find((s) => s.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'conflict', message: expect.stringMatching(/being written by another export/) });
    // Two homes: the loser finds the folder taken at its rename.
    const other = join(tempDir(), 'other');
    const b1 = createExportHandlers({ db: b.h.db, home: b.h.home, app: 't', fs: slow() });
    const two = await Promise.allSettled([a.create(other, false, a1), b.create(other, false, b1)]);
    expect(two.map((s) => s.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((two.find((s) => s.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'conflict' });
    expect(readdirSync(join(other, '..')).filter((n) => n.startsWith('.'))).toEqual([]);
    // With --overwrite on both, against an earlier export: still one winner and one conflict.
    const both = await Promise.allSettled([a.create(out, true, a1), a.create(out, true, a2)]);
    expect(both.map((s) => s.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((both.find((s) => s.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'conflict' });
    expect(existsSync(join(out, 'metadata.jsonl'))).toBe(true);
  });
});
