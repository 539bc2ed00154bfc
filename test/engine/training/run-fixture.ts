import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { openDatabase, type Db } from '../../../src-main/engine/db/database';
import { importDataset } from '../../../src-main/engine/datasets';
import { ensureHome } from '../../../src-main/engine/home/studio-home';
import type { JobContext } from '../../../src-main/engine/jobs/job-context';
import { getJob, insertJob, setStatus } from '../../../src-main/engine/jobs/jobs-repo';
import { runTrain } from '../../../src-main/engine/training/train-loop';
import { createRunsHandlers } from '../../../src-main/engine/services/runs-service';
import { createSamplesHandlers } from '../../../src-main/engine/services/samples-service';
import { JOB_RUNNERS } from '../../../src-main/engine/jobs/kinds';
import type { JobKind } from '../../../src-main/shared/domain/job';
import type { GenerateInput } from '../../../src-main/shared/domain/sample';
import type { RunSummary } from '../../../src-main/shared/domain/run';
import { writeShapesFolder } from './shapes-dataset';

/** A studio home with a database, a tiny labeled dataset 'shapes', and the runs handlers over a fake queue. */
export async function setupRunHome(root: string, opts: { perClass?: number; classes?: number; kind?: 'labeled' | 'domain' } = {}) {
  const home = join(root, 'home');
  ensureHome(home);
  const db: Db = openDatabase(join(home, 'studio.db'));
  const folder = await writeShapesFolder(join(root, 'shapes'), opts.perClass ?? 8, opts.classes ?? 3);
  await importDataset(db, home, { folder, kind: opts.kind ?? 'labeled', name: 'shapes', holdoutFraction: 0 });
  const handlers = createRunsHandlers({
    db, home, app: '0.0.0-test',
    enqueue: (kind, params, totalSteps) => insertJob(db, { jobId: randomUUID().slice(0, 8), kind, params, totalSteps }),
    control: (jobId, action) => {
      if (action === 'resume') setStatus(db, jobId, 'queued');
      return getJob(db, jobId)!;
    },
  });
  return { home, db, handlers, folder };
}

/** The samples handlers of a home over a fake queue: the jobs they enqueue wait in the jobs table for a test to run. */
export function samplesHandlersOf(db: Db, home: string) {
  return createSamplesHandlers({
    db, home, app: '0.0.0-test',
    enqueue: (kind, params, totalSteps) => insertJob(db, { jobId: randomUUID().slice(0, 8), kind, params, totalSteps }),
    control: (jobId) => getJob(db, jobId)!,
  });
}

/** Generates through samples.generate and its generate job, run here as the worker would: the outcome, batch and samples. */
export async function generateInProcess(db: Db, home: string, input: GenerateInput) {
  const samples = samplesHandlersOf(db, home);
  const queued = await samples['samples.generate'](input);
  const g = fakeContext(home, queued.batchId, { kind: 'generate' });
  g.ctx.params = getJob(db, queued.batchId)!.params;
  const outcome = await JOB_RUNNERS.generate(g.ctx);
  setStatus(db, queued.batchId, outcome.status);
  const batch = await samples['samples.batch']({ batchId: queued.batchId });
  const listed = (await samples['samples.list']({ batchId: batch.batchId, offset: 0, limit: 1000 })).samples;
  return { outcome, batch, listed };
}

/**
 * A JobContext that runs in this process; `stopAfter` answers 'stop' once that many steps were reported; `kind` is
 * the job kind the worker would pass (`train` unless a test runs an older job kind).
 */
export function fakeContext(home: string, jobId: string, opts: { stopAfter?: number; kind?: JobKind } = {}) {
  const losses: { step: number; metrics: Record<string, number> }[] = [];
  const logs: { level: string; message: string }[] = [];
  const ctx: JobContext = {
    tf, jobId, home, kind: opts.kind ?? 'train',
    backend: { active: 'wasm', candidates: [], tfjsVersion: tf.version.tfjs },
    params: {},
    progress: (step, _total, metrics) => losses.push({ step, metrics }),
    log: (level, message) => logs.push({ level, message }),
    checkpoint: async () => (opts.stopAfter !== undefined && losses.length >= opts.stopAfter ? 'stop' : 'continue'),
  };
  return { ctx, losses, logs };
}

/** The job params of a run, as the host would hand them to the worker. */
export function paramsOf(db: Db, run: RunSummary): Record<string, unknown> {
  return getJob(db, run.runId)!.params;
}

/** Runs a run's `train` job in this process to its end (or `stopAfter` steps), as the worker would. */
export async function trainInProcess(home: string, db: Db, run: RunSummary, opts: { stopAfter?: number } = {}) {
  const c = fakeContext(home, run.runId, opts);
  c.ctx.params = paramsOf(db, run);
  const outcome = await runTrain(c.ctx);
  return { ...c, outcome };
}
