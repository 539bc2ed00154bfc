import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { folderBytes } from '../../../src-main/engine/files/folder-bytes';
import { getRun } from '../../../src-main/engine/training/runs-repo';
import { runTrain } from '../../../src-main/engine/training/train-loop';
import type { RunSummary } from '../../../src-main/shared/domain/run';
import { useTempDirs } from '../../helpers/temp-dir';
import { fakeContext, paramsOf, setupRunHome } from './run-fixture';

beforeAll(async () => {
  await resolveBackend({ force: 'wasm' });
});

/** Sizes of every file under `dir`, found independently of the code under test. */
function sumFileSizes(dir: string): { bytes: number; files: string[] } {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return { bytes: files.reduce((a, f) => a + statSync(f).size, 0), files };
}

describe('disk use of a run', () => {
  const tempDir = useTempDirs();

  it('is the sum of the sizes of the files in its folder: checkpoints, sample grids, anything else', async () => {
    const { home, db, handlers } = await setupRunHome(tempDir());
    const config = { resolution: 28, width: 4, zDim: 8, embDim: 4, batch: 4, steps: 4, checkpointEvery: 2, sampleEvery: 2, seed: 3 } as const;
    const created = (await handlers['runs.create']({ kind: 'cgan', datasets: { train: 'shapes' }, config })) as RunSummary;
    // Queued, nothing written yet: no folder, no bytes (the repo does not measure: the API does).
    expect(created.diskBytes).toBe(0);
    expect(getRun(db, created.runId)!.diskBytes).toBeNull();

    const c = fakeContext(home, created.runId);
    c.ctx.params = paramsOf(db, created);
    expect(await runTrain(c.ctx)).toMatchObject({ status: 'completed', step: 4 });
    const run = await handlers['runs.get']({ runId: created.runId });
    expect(run.checkpoints).toEqual([2, 4]);
    const walked = sumFileSizes(run.runDir);
    expect(walked.files.some((f) => f.includes('checkpoints') && f.endsWith('weights.bin'))).toBe(true);
    expect(walked.files.some((f) => f.includes('samples') && f.endsWith('.png'))).toBe(true);
    expect(run.diskBytes).toBe(walked.bytes);
    expect(run.diskBytes).toBeGreaterThan(1000);

    // Anything else in the folder counts too, and the list reports the same numbers.
    writeFileSync(join(run.runDir, 'notes.txt'), 'x'.repeat(1234));
    const listed = (await handlers['runs.list']({})).runs.find((r) => r.runId === run.runId)!;
    expect(listed.diskBytes).toBe(walked.bytes + 1234);
    db.close();
  });

  it('a missing folder is 0; nested folders are walked', async () => {
    const root = tempDir();
    expect(await folderBytes(join(root, 'nope'))).toBe(0);
    writeFileSync(join(root, 'a.bin'), Buffer.alloc(10));
    mkdirSync(join(root, 'x', 'y'), { recursive: true });
    writeFileSync(join(root, 'x', 'y', 'b.bin'), Buffer.alloc(2500));
    expect(await folderBytes(root)).toBe(2510);
  });
});
