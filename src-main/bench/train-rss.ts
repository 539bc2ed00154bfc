import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { ApiError } from '../shared/api/errors';
import type { BenchValue, WorkloadDef } from './bench-types';
import type { TrainRssChildResult } from './train-rss-child';
import { projectRoot } from '../engine/version';

// The child is a source file run through tsx, also when this module runs from the CLI's bundle (out/cli/). Found
// when used, not at load: the GPU kit bundles this module where no checkout exists.
const here = (): string => join(projectRoot(), 'src-main', 'bench');
const run = promisify(execFile);

/**
 * Batch of the run. 2,000 steps of cgan28 at batch 64 take ~27 min on the 2-core machine, and a small batch saves
 * less than its size suggests (200 steps with their grids and checkpoints: 32 s of CPU at batch 4, 38 s at batch 8;
 * 2,000 steps at batch 8 took 5 min of CPU, 7 min on the shared machine). At batch 4 the whole workload measured
 * 3.2–3.4 min (wasm, 2 threads).
 */
export const TRAIN_RSS_BATCH = 4;
/** The budget: RSS after the last step within 10% of RSS after the first measuring point. */
export const TRAIN_RSS_MAX_RATIO = 1.1;
const DEFAULT_LAST = 2000;

/** The last measured step: 2,000, or `GAN_STUDIO_BENCH_TRAIN_STEPS` (tests run a short version); the first is a tenth of it. */
function measuringSteps(): { first: number; last: number } {
  const raw = process.env.GAN_STUDIO_BENCH_TRAIN_STEPS;
  const last = raw === undefined ? DEFAULT_LAST : Number(raw);
  if (!Number.isInteger(last) || last < 10) throw new ApiError('bad_input', `GAN_STUDIO_BENCH_TRAIN_STEPS must be a whole number ≥ 10, not '${raw}'`);
  return { first: Math.floor(last / 10), last };
}

/**
 * `train-rss`: does training leak? The real cGAN job runner (train-cgan: data loading, DiffAugment, EMA, metrics,
 * sample grids and checkpoints at their cadence) trains the cgan28 networks at batch 4 on a generated 28×28
 * labeled dataset in a child process, which reads its RSS every 200 steps up to step 2,000 (each after a GC and
 * that step's sample grid and checkpoint). The timed step is the whole child; the line adds `batch`, `first_step`,
 * `last_step`, `rss_mb_first` (step 200), `rss_mb_mid` (1,000), `rss_mb_last` (2,000), `rss_mb_peak`, `rss_ratio`
 * (last ÷ first), `max_ratio`, `pass` (ratio ≤ 1.10), `num_tensors_first`, `num_tensors_last`, `tensors_flat`,
 * `heap_mb_first`, `heap_mb_last`, `ms_per_step` (the child's wall time per step, loading included) and `cpu_s`.
 */
export const TRAIN_RSS_WORKLOAD: WorkloadDef = {
  description: `RSS of the real cGAN training loop (cgan28 networks, batch ${TRAIN_RSS_BATCH}) after ${DEFAULT_LAST} steps vs after ${DEFAULT_LAST / 10} (no leaks: ratio ≤ ${TRAIN_RSS_MAX_RATIO})`,
  get imagesPerStep() {
    const last = Number(process.env.GAN_STUDIO_BENCH_TRAIN_STEPS ?? DEFAULT_LAST);
    return TRAIN_RSS_BATCH * (Number.isInteger(last) && last >= 10 ? last : DEFAULT_LAST);
  },
  steps: 1,
  warmup: 0,
  setup({ backend }) {
    const { first, last } = measuringSteps();
    const extras: Record<string, BenchValue> = {};
    return {
      async step() {
        const home = mkdtempSync(join(tmpdir(), 'gan-studio-bench-train-rss-'));
        try {
          const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
          const args = ['--expose-gc', '--import', tsx, join(here(), 'train-rss-child.ts'), home, String(first), String(last), String(TRAIN_RSS_BATCH), backend];
          const { stdout } = await run(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20, timeout: 60 * 60_000 }).catch((err: { stderr?: string; message: string }) => {
            throw new Error(`train-rss: the training child failed: ${err.stderr?.trim().split('\n').slice(-3).join(' | ') || err.message}`);
          });
          const out = JSON.parse(stdout.trim().split('\n').at(-1)!) as TrainRssChildResult;
          const a = out.points[0]!, b = out.points.at(-1)!;
          // Halfway: a leak grows RSS in the second half as in the first; settling in (allocator, JIT) does not.
          const mid = out.points.find((p) => p.step >= last / 2)!;
          const ratio = Math.round((b.rssMb / a.rssMb) * 1000) / 1000;
          Object.assign(extras, {
            batch: TRAIN_RSS_BATCH, first_step: a.step, last_step: b.step,
            rss_mb_first: a.rssMb, rss_mb_mid: mid.rssMb, rss_mb_last: b.rssMb, rss_mb_peak: Math.max(...out.points.map((p) => p.rssMb)),
            rss_ratio: ratio, max_ratio: TRAIN_RSS_MAX_RATIO, pass: ratio <= TRAIN_RSS_MAX_RATIO,
            num_tensors_first: a.numTensors, num_tensors_last: b.numTensors, tensors_flat: a.numTensors === b.numTensors,
            heap_mb_first: a.heapMb, heap_mb_last: b.heapMb,
            ms_per_step: Math.round(out.trainMs / (last + 1)), cpu_s: out.cpuS,
          });
        } finally {
          rmSync(home, { recursive: true, force: true });
        }
      },
      extras: () => extras,
      dispose() {},
    };
  },
};
