import * as tf from '@tensorflow/tfjs';
import type { Db } from '../../../src-main/engine/db/database';
import type { JobContext } from '../../../src-main/engine/jobs/job-context';
import { getJob } from '../../../src-main/engine/jobs/jobs-repo';
import { runTrain } from '../../../src-main/engine/training/train-loop';
import type { BackendReport } from '../../../src-main/shared/domain/backend';
import type { RunSummary } from '../../../src-main/shared/domain/run';
import { setupRunHome } from './run-fixture';

/** A tiny cGAN the software adapters train in well under a second a step: batch 2, width 8, 28 px. */
export const TINY_CGAN = { resolution: 28, width: 8, zDim: 8, embDim: 4, batch: 2, checkpointEvery: 2, sampleEvery: 1000, metricsEvery: 1, seed: 5, diffAugment: 'on' } as const;

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

/** A home with the shapes dataset (2 classes × 4) and a way to queue tiny cGAN runs of `steps` steps. */
export async function tinyCganHome(root: string) {
  const h = await setupRunHome(root, { perClass: 4, classes: 2 });
  const create = async (steps: number): Promise<RunSummary> =>
    (await h.handlers['runs.create']({ kind: 'cgan', datasets: { train: 'shapes' }, config: { ...TINY_CGAN, steps } })) as RunSummary;
  return { ...h, create };
}
