import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cganArch } from '../../../src-main/engine/models/cgan/arch';
import { buildGenerator } from '../../../src-main/engine/models/cgan/networks';
import type { CganRunConfig } from '../../../src-main/engine/models/cgan/spec';
import { disposeParams, prefixed } from '../../../src-main/engine/models/params';
import { getJob, setStatus } from '../../../src-main/engine/jobs/jobs-repo';
import { runGenerate } from '../../../src-main/engine/generation/run-generate';
import { createExportHandlers } from '../../../src-main/engine/services/export-service';
import type { ExportFs } from '../../../src-main/engine/export/export-fs';
import { checkpointDir } from '../../../src-main/engine/training/checkpoint';
import { addCheckpoint } from '../../../src-main/engine/training/runs-repo';
import { writeTensorFile } from '../../../src-main/engine/training/tensor-file';
import type { GenerateInput, SampleBatch } from '../../../src-main/shared/domain/sample';
import type { RunSummary } from '../../../src-main/shared/domain/run';
import { fakeContext, samplesHandlersOf, setupRunHome } from '../training/run-fixture';

/** A tiny cGAN config: 28 px gray, narrow networks (fast in tests). */
export const TINY = { resolution: 28, channels: 1, width: 4, zDim: 8, embDim: 4, batch: 4, steps: 4, seed: 5 } as const;

/**
 * A home with the 'shapes' dataset, a cGAN run whose checkpoint at step 4 holds seeded random weights (no
 * training needed), the samples and export handlers, and `generate()` that runs the generate job in process.
 */
export async function setupGenerationHome(root: string, opts: { perClass?: number; exportFs?: ExportFs; resolution?: number } = {}) {
  const base = await setupRunHome(root, { perClass: opts.perClass ?? 8 });
  const config = { ...TINY, resolution: opts.resolution ?? TINY.resolution };
  const run = (await base.handlers['runs.create']({ kind: 'cgan', datasets: { train: 'shapes' }, config })) as RunSummary;
  setStatus(base.db, run.runId, 'completed');
  const cfg = run.config as unknown as CganRunConfig;
  const arch = cganArch({ ...cfg, classes: run.classNames.length });
  const g = buildGenerator(arch, 11), ema = buildGenerator(arch, 12);
  const dir = checkpointDir(run.runDir, 4);
  mkdirSync(dir, { recursive: true });
  await writeTensorFile(join(dir, 'weights'), { ...prefixed('g', g), ...prefixed('ema', ema) });
  [g, ema].forEach(disposeParams);
  addCheckpoint(base.db, run.runId, 4, dir);
  const samples = samplesHandlersOf(base.db, base.home);
  const exports = createExportHandlers({ db: base.db, home: base.home, app: '0.0.0-test', ...(opts.exportFs ? { fs: opts.exportFs } : {}) });

  /** Creates a batch and runs its job here; `stopAfter` cancels after that many progress reports. */
  async function generate(input: Partial<GenerateInput> & { perClass: number }, o: { stopAfter?: number } = {}): Promise<SampleBatch> {
    const batch = await samples['samples.generate']({ runId: run.runId, checkpoint: 'latest', weights: 'ema', ...input });
    return runJob(batch.batchId, o);
  }

  /** Runs (or re-runs, as a resumed job does) a batch's generate job in process. */
  async function runJob(batchId: string, o: { stopAfter?: number } = {}): Promise<SampleBatch> {
    const batch = { batchId };
    const f = fakeContext(base.home, batch.batchId, { ...o, kind: 'generate' });
    f.ctx.params = getJob(base.db, batch.batchId)!.params;
    const outcome = await runGenerate(f.ctx);
    setStatus(base.db, batch.batchId, outcome.status);
    return samples['samples.batch']({ batchId: batch.batchId });
  }
  return { ...base, run, samples, exports, generate, runJob };
}
