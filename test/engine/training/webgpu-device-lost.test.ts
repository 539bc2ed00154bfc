import { describe, expect, it } from 'vitest';
import { activeWebgpuDevice } from '../../../src-main/engine/compute/webgpu-device';
import { listCheckpoints } from '../../../src-main/engine/training/checkpoint';
import { useTempDirs } from '../../helpers/temp-dir';
import { tinyHome, trainOn, useOpenGlesWebgpu } from './webgpu-run';

// Its own file: the device is destroyed for good in this process. llvmpipe: the faster software adapter.
useOpenGlesWebgpu();

describe('a lost WebGPU device mid-run', () => {
  const tempDir = useTempDirs();

  it('stops the run with an error that says what happened and what to do, keeps the last checkpoint, and the run resumes on wasm', async () => {
    const { home, db, create } = await tinyHome(tempDir());
    const run = await create(5);
    // after step 3 (checkpoint at 2): the device goes, as when a driver resets or the GPU is removed
    const t = await trainOn(home, db, run, 'webgpu', (records) => {
      if (records.length === 3) activeWebgpuDevice()!.destroy();
      return 'continue';
    });
    await expect(t.outcome).rejects.toThrow(new RegExp(`WebGPU device on OpenGL .*Mesa.* was lost \\(destroyed.*so training run ${run.runId} stopped; ` +
      'the last checkpoint is kept: resume it .* or resume with --backend wasm'));
    expect(t.records.map((r) => r.step)).toEqual([1, 2, 3]);
    expect((await listCheckpoints(run.runDir)).filter((c) => c.full).map((c) => c.step)).toEqual([2]);

    const again = await trainOn(home, db, run, 'wasm');
    expect(await again.outcome).toMatchObject({ status: 'completed', step: 5 });
    expect(again.records.map((r) => r.step)).toEqual([3, 4, 5]);
    db.close();
  });
});
