/**
 * Child process of the `train-rss` bench workload: in a fresh home, imports a generated 28×28 labeled dataset,
 * creates a cGAN run through the runs service and trains it with the job runner users run (`runTrain`: data
 * order, DiffAugment, EMA, metrics, health, sample grids and checkpoints at their cadence). After every multiple
 * of step `first` up to step `last` (each after that step's sample grid and checkpoint) it reads RSS, the V8 heap
 * and `tf.memory()`, and finally prints one JSON line of `TrainRssChildResult` on stdout.
 * Usage: node --expose-gc --import tsx train-rss-child.ts <home> <first> <last> <batch> <backend>
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { BACKEND_NAMES, type BackendName } from '../shared/domain/backend';
import type { RunSummary } from '../shared/domain/run';
import { resolveBackend } from '../engine/compute/resolve-backend';
import { importDataset } from '../engine/datasets';
import { encodePng } from '../engine/datasets/png-encode';
import { openDatabase } from '../engine/db/database';
import { ensureHome } from '../engine/home/studio-home';
import type { JobContext } from '../engine/jobs/job-context';
import { getJob, insertJob } from '../engine/jobs/jobs-repo';
import { createRunsHandlers } from '../engine/services/runs-service';
import { runTrain } from '../engine/training/train-loop';
import { benchPixels } from './import-workloads';

/** Memory at one point of the run. MB are 2^20 bytes. */
export interface MemoryPoint { step: number; rssMb: number; heapMb: number; numTensors: number; tensorMb: number }
/** `trainMs`: wall time of the job runner; `cpuS`: CPU seconds of the whole child (user + system). */
export interface TrainRssChildResult { images: number; points: MemoryPoint[]; trainMs: number; cpuS: number; backend: string }

const CLASSES = 10;
const PER_CLASS = 50;

const [home, firstArg, lastArg, batchArg, backendArg] = process.argv.slice(2);
const first = Number(firstArg), last = Number(lastArg), batch = Number(batchArg);
if (!home || !(first >= 1 && last > first && batch >= 1) || !BACKEND_NAMES.includes(backendArg as BackendName)) {
  process.stderr.write('usage: train-rss-child.ts <home> <first step> <last step> <batch> <backend>\n');
  process.exit(2);
}

/** A labeled folder of 10 classes × 50 grey 28×28 PNGs (noise over a gradient, a different image each). */
function writeDataset(root: string): string {
  for (let c = 0; c < CLASSES; c++) {
    mkdirSync(join(root, `class${c}`), { recursive: true });
    for (let i = 0; i < PER_CLASS; i++) writeFileSync(join(root, `class${c}`, `${i}.png`), encodePng(benchPixels(28, 28, 1, c * 1000 + i + 1), 28, 28, 1));
  }
  return root;
}

const MB = 2 ** 20;
function measure(step: number): MemoryPoint {
  // Garbage waiting for the next collection is not a leak: collect first (the child runs with --expose-gc).
  (globalThis as { gc?: () => void }).gc?.();
  const mem = process.memoryUsage(), t = tf.memory();
  const r1 = (x: number): number => Math.round(x * 10) / 10;
  return { step, rssMb: r1(mem.rss / MB), heapMb: r1(mem.heapUsed / MB), numTensors: t.numTensors, tensorMb: r1(t.numBytes / MB) };
}

async function trainAndMeasure(home: string): Promise<TrainRssChildResult> {
  ensureHome(home);
  const db = openDatabase(join(home, 'studio.db'));
  const imported = await importDataset(db, home, { folder: writeDataset(join(home, 'bench-source')), kind: 'labeled', name: 'bench28' });
  const handlers = createRunsHandlers({
    db, home, app: 'bench',
    enqueue: (kind, params, totalSteps) => insertJob(db, { jobId: randomUUID().slice(0, 8), kind, params, totalSteps }),
    control: (jobId) => getJob(db, jobId)!,
  });
  // bench/README.md's cgan28 networks (label-channel D head, width 64, z 100, embedding 50, bce) at a small batch;
  // sample grid and checkpoint cadence scale with the run so both measuring points follow one of each (100/200 at 2,000).
  const run = (await handlers['runs.create']({
    kind: 'cgan', datasets: { train: 'bench28' },
    config: {
      resolution: 28, width: 64, zDim: 100, embDim: 50, dHead: 'label-channel', loss: 'bce', batch,
      // one step past `last`: the loop reaches its between-steps checkpoint() after step `last`'s grid and checkpoint
      steps: last + 1, sampleEvery: Math.max(1, Math.floor(first / 2)), checkpointEvery: first,
    },
  })) as RunSummary;
  const { tf: tfActive, report } = await resolveBackend({ force: backendArg as BackendName });

  const points: MemoryPoint[] = [];
  let lastStep = 0;
  const ctx: JobContext = {
    tf: tfActive, backend: report, jobId: run.runId, kind: 'train', home, params: getJob(db, run.runId)!.params,
    progress: (step) => (lastStep = step),
    log: (level, message) => {
      if (level === 'warn' || level === 'error') process.stderr.write(`train-rss: ${message}\n`);
    },
    // As the job worker does between steps: one macrotask, so the process behaves as it does for users.
    checkpoint: async () => {
      await new Promise<void>((r) => setImmediate(r));
      if (lastStep >= first && lastStep <= last && lastStep % first === 0 && points.at(-1)?.step !== lastStep) points.push(measure(lastStep));
      return 'continue';
    },
  };
  const t0 = performance.now();
  const outcome = await runTrain(ctx);
  const trainMs = performance.now() - t0;
  db.close();
  const expected = Math.floor(last / first);
  if (outcome.status !== 'completed' || points.length !== expected) {
    throw new Error(`train-rss: run ended ${outcome.status} at step ${outcome.step} with ${points.length} of ${expected} measurements`);
  }
  const cpu = process.cpuUsage();
  return { images: imported.count, points, trainMs, cpuS: Math.round((cpu.user + cpu.system) / 1e5) / 10, backend: report.active ?? 'none' };
}

// Errors end up here, short: tfjs-wasm's own unhandled-rejection hook would print its whole glue source instead.
try {
  process.stdout.write(`${JSON.stringify(await trainAndMeasure(home!))}\n`);
} catch (err) {
  process.stderr.write(`train-rss: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
}
