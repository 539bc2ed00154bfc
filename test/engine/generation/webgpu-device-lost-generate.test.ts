import { describe, expect, it } from 'vitest';
import { activeWebgpuDevice } from '../../../src-main/engine/compute/webgpu-device';
import { JOB_RUNNERS } from '../../../src-main/engine/jobs/kinds';
import { getJob } from '../../../src-main/engine/jobs/jobs-repo';
import { countByClass } from '../../../src-main/engine/generation/samples-repo';
import { useTempDirs } from '../../helpers/temp-dir';
import { fakeContext } from '../training/run-fixture';
import { useOpenGlesWebgpu } from '../training/webgpu-run';
import { setupGenerationHome } from './generation-fixture';

// Its own file: the device is destroyed for good in this process. llvmpipe: the faster software adapter.
useOpenGlesWebgpu();

describe('a lost WebGPU device during generation', () => {
  const tempDir = useTempDirs();

  it('ends the generate job with an error that says what happened and what to do, and keeps the samples made before', async () => {
    const h = await setupGenerationHome(tempDir());
    const batch = await h.samples['samples.generate']({ runId: h.run.runId, checkpoint: 'latest', weights: 'ema', perClass: 200, filter: false });
    const f = fakeContext(h.home, batch.batchId, { kind: 'generate' });
    f.ctx.params = getJob(h.db, batch.batchId)!.params;
    let chunks = 0;
    const report = f.ctx.progress;
    f.ctx.progress = (step, total, metrics) => {
      report(step, total, metrics);
      // after the first chunk (64 samples of the first class), as when a driver resets or the GPU is removed
      if (++chunks === 1) activeWebgpuDevice()!.destroy();
    };
    await expect(JOB_RUNNERS.generate(f.ctx)).rejects.toThrow(new RegExp(`WebGPU device on OpenGL .*Mesa.* was lost \\(destroyed.*so generation of batch ${batch.batchId} stopped; `
      + 'the samples made so far are kept: generate again once the GPU is back, or with --backend wasm'));
    expect([...countByClass(h.db, batch.batchId).values()]).toEqual([64]);
    h.db.close();
  });
});
