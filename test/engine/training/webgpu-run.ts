import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import type { Db } from '../../../src-main/engine/db/database';
import type { JobContext } from '../../../src-main/engine/jobs/job-context';
import { getJob } from '../../../src-main/engine/jobs/jobs-repo';
import { runTrain } from '../../../src-main/engine/training/train-loop';
import type { BackendReport } from '../../../src-main/shared/domain/backend';
import type { RunSummary } from '../../../src-main/shared/domain/run';
import { importDomain } from './cyclegan-fixture';
import { setupRunHome } from './run-fixture';

/** A tiny cGAN the software adapters train in well under a second a step: batch 2, width 8, 28 px. */
export const TINY_CGAN = { resolution: 28, width: 8, zDim: 8, embDim: 4, batch: 2, checkpointEvery: 2, sampleEvery: 1000, metricsEvery: 1, seed: 5, diffAugment: 'on' } as const;
/** A tiny CycleGAN: 32 px, batch 1, width 8, one residual block, a pool of 2 (so resume restores a filled pool). */
export const TINY_CYCLEGAN = { resolution: 32, width: 8, discWidth: 8, resBlocks: 1, batch: 1, poolSize: 2, checkpointEvery: 2, sampleEvery: 1000, metricsEvery: 1, seed: 5 } as const;

export interface StepRecord {
  step: number;
  metrics: Record<string, number>;
  numTensors: number;
  numBytes: number;
}

/**
 * Runs the one training loop (the job runner's entry) in this process on `backend`, which must be registered
 * already; `onStep` may answer 'stop' (a clean stop: checkpoint, status stopped). Returns the loop's outcome and
 * what each step reported, with the live tensors and bytes right after it.
 */
export async function trainOn(home: string, db: Db, run: RunSummary, backend: 'wasm' | 'webgpu',
  onStep: (records: StepRecord[]) => 'stop' | 'continue' = () => 'continue') {
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} is not registered`);
  const records: StepRecord[] = [];
  const report: BackendReport = { active: backend, candidates: [], tfjsVersion: tf.version.tfjs };
  const ctx: JobContext = {
    tf, backend: report, jobId: run.runId, kind: 'train', home, params: getJob(db, run.runId)!.params,
    progress: (step, _total, metrics) => records.push({ step, metrics, ...tf.memory() }),
    log: () => undefined,
    checkpoint: async () => onStep(records),
  };
  return { outcome: runTrain(ctx), records };
}

/**
 * A home with the shapes dataset (2 classes × 4) and two colour domains (red, blue: 10 each), and a way to queue
 * tiny runs of `steps` steps (`cyclegan` = true: a CycleGAN of red → blue).
 */
export async function tinyHome(root: string) {
  const h = await setupRunHome(root, { perClass: 4, classes: 2 });
  await importDomain(h.db, h.home, root, 'red', 10, 0);
  await importDomain(h.db, h.home, root, 'blue', 10, 1);
  const create = async (steps: number, cyclegan = false): Promise<RunSummary> => (await h.handlers['runs.create'](cyclegan
    ? { kind: 'cyclegan', datasets: { a: 'red', b: 'blue' }, config: { ...TINY_CYCLEGAN, steps } }
    : { kind: 'cgan', datasets: { train: 'shapes' }, config: { ...TINY_CGAN, steps } })) as RunSummary;
  return { ...h, create };
}

/**
 * Before a file's tests: our wasm kernels registered, then WebGPU on Dawn's OpenGL ES path over Mesa llvmpipe (the
 * faster software adapter) as the active backend.
 */
export function useOpenGlesWebgpu(): void {
  beforeAll(async () => {
    process.env.GAN_STUDIO_WEBGPU_API = 'opengles';
    await resolveBackend({ force: 'wasm' });
    expect((await resolveBackend({ force: 'webgpu' })).report.active).toBe('webgpu');
  });
}
