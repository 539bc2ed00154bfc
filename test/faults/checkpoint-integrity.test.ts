import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { homeLayout } from '../../src-main/engine/home/studio-home';
import { CHECKSUMS_FILE, CheckpointCorruptError, verifyCheckpoint, writeCheckpointHashes } from '../../src-main/engine/training/checkpoint-integrity';
import { cliSync, homeWithShapes, TINY } from '../engine/jobs/cli-process';
import { useTempDirs } from '../helpers/temp-dir';

const step = (n: number): string => `step-${String(n).padStart(7, '0')}`;

/** A checkpoint folder with real bytes, its checksums written the way writeCheckpoint does. */
async function fakeCheckpoint(root: string, n: number, hashes = true): Promise<string> {
  const dir = join(root, 'checkpoints', step(n));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'weights.bin'), Buffer.alloc(4096, n));
  writeFileSync(join(dir, 'weights.json'), JSON.stringify({ g: [1, 2] }));
  writeFileSync(join(dir, 'state.bin'), Buffer.alloc(1024, 7));
  writeFileSync(join(dir, 'state.json'), '{}');
  writeFileSync(join(dir, 'state-meta.json'), JSON.stringify({ step: n }));
  if (hashes) await writeCheckpointHashes(dir);
  return dir;
}

describe('checkpoint checksums', () => {
  const tempDir = useTempDirs();

  it('verifies every file; a flipped byte, a missing file or a bad checksum list names the file and the newest good step', async () => {
    const root = tempDir();
    await fakeCheckpoint(root, 2);
    await fakeCheckpoint(root, 4);
    const dir = await fakeCheckpoint(root, 6);
    await verifyCheckpoint(dir);
    expect(Object.keys(JSON.parse(readFileSync(join(dir, CHECKSUMS_FILE), 'utf8')).files)).toEqual(
      expect.arrayContaining(['weights.bin', 'weights.json', 'state.bin', 'state.json', 'state-meta.json']));

    const bytes = readFileSync(join(dir, 'weights.bin'));
    bytes[100] = bytes[100]! ^ 0xff;
    writeFileSync(join(dir, 'weights.bin'), bytes);
    const err = await verifyCheckpoint(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CheckpointCorruptError);
    expect((err as CheckpointCorruptError).code).toBe('checkpoint_corrupt');
    expect((err as Error).message).toContain(join(dir, 'weights.bin'));
    expect((err as Error).message).toMatch(/newest good checkpoint is step 4/);

    // The next good one is older when step 4 is bad too; none at all says so.
    writeFileSync(join(root, 'checkpoints', step(4), 'state.json'), '{"x":1}');
    await expect(verifyCheckpoint(dir)).rejects.toThrow(/newest good checkpoint is step 2/);
    rmSync(join(root, 'checkpoints', step(2), 'weights.json'));
    await expect(verifyCheckpoint(dir)).rejects.toThrow(/no other checkpoint of this run is good/);
    await expect(verifyCheckpoint(join(root, 'checkpoints', step(2)))).rejects.toThrow(/weights\.json is corrupt \(the file is missing\)/);

    const other = await fakeCheckpoint(tempDir(), 8);
    writeFileSync(join(other, CHECKSUMS_FILE), '{"files": ');
    await expect(verifyCheckpoint(other)).rejects.toThrow(/checksums\.json is corrupt \(the checksum list cannot be read/);
  });

  it('a pruned older checkpoint (weights only) verifies; one from before the checksums loads as before, its bad JSON named', async () => {
    const root = tempDir();
    const pruned = await fakeCheckpoint(root, 2);
    for (const f of ['state-meta.json', 'state.bin', 'state.json']) rmSync(join(pruned, f));
    await verifyCheckpoint(pruned);
    // But state files may not go missing while the checkpoint still claims to be resumable.
    const full = await fakeCheckpoint(root, 4);
    rmSync(join(full, 'state.bin'));
    await expect(verifyCheckpoint(full)).rejects.toThrow(/state\.bin is corrupt \(the file is missing\)/);

    const old = await fakeCheckpoint(tempDir(), 6, false);
    await verifyCheckpoint(old);
    writeFileSync(join(old, 'state-meta.json'), '{"step": 6,');
    await expect(verifyCheckpoint(old)).rejects.toThrow(new RegExp(`${join(old, 'state-meta.json').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is corrupt \\(not valid JSON`));
  });

  it('real commands: generate and resume exit 1 naming the corrupt file and the newest good step, never falling back', async () => {
    const home = await homeWithShapes(tempDir());
    const r = cliSync(['train', 'cgan', '--dataset', 'shapes', '--steps', '4', ...TINY, '--home', home, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const runId = String(r.json().runId);
    const ckDir = join(homeLayout(home).runs, runId, 'checkpoints');
    const weights = join(ckDir, step(4), 'weights.bin');
    const bytes = readFileSync(weights);
    bytes.fill(0, 64, 256);
    writeFileSync(weights, bytes);

    const gen = cliSync(['generate', runId, '--per-class', '2', '--home', home, '--json']);
    expect(gen.code).toBe(1);
    expect(gen.json().error!.message).toContain(weights);
    expect(gen.json().error!.message).toMatch(/newest good checkpoint is step 2/);
    const res = cliSync(['resume', runId, '--steps', '6', '--home', home, '--json']);
    expect(res.code).toBe(1);
    expect(res.json().error!.message).toContain(weights);
    // The step the message names does work when asked for.
    const ok = cliSync(['generate', runId, '--per-class', '2', '--checkpoint', '2', '--home', home, '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.json()).toMatchObject({ status: 'completed', count: 6, checkpointStep: 2 });

    // Checkpoints written before the checksums existed load as before.
    rmSync(join(ckDir, step(2), CHECKSUMS_FILE));
    const legacy = cliSync(['generate', runId, '--per-class', '1', '--checkpoint', '2', '--home', home, '--json']);
    expect(legacy.code, legacy.stderr).toBe(0);
  }, 240_000);

  it('a database from a newer GAN Studio is refused by every command, and left as it was', async () => {
    const home = await homeWithShapes(tempDir());
    const db = new BetterSqlite3(homeLayout(home).database);
    db.pragma('user_version = 999');
    db.close();
    for (const args of [['runs'], ['datasets'], ['train', 'cgan', '--dataset', 'shapes', '--steps', '2']]) {
      const r = cliSync([...args, '--home', home, '--json']);
      expect(r.code).toBe(1);
      expect(r.json().error).toMatchObject({ code: 'database_newer', message: expect.stringMatching(/schema version 999/) });
    }
    const after = new BetterSqlite3(homeLayout(home).database, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(999);
    after.close();
  }, 120_000);
});
