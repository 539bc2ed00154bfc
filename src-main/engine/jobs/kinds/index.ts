import type { JobKind } from '../../../shared/domain/job';
import type { JobRunner } from '../job-context';
import { raceDeviceLost } from '../../compute/device-guard';
import { runTrain } from '../../training/train-loop';
import { runGenerate } from '../../generation/run-generate';
import { runTranslate } from '../../translation/run-translate';
import { runSelftest } from './selftest';
import { runEvaluate } from '../../evaluation/run-evaluate';

/**
 * A job that ends with a clear error when its WebGPU device is lost, instead of Dawn's bare AbortError or a read
 * that never returns. Training guards each step itself (so that it checkpoints); these jobs keep what they wrote
 * chunk by chunk (generation, translation) or write nothing until the end (evaluation).
 */
const guarded = (run: JobRunner, what: string, next: string): JobRunner =>
  (ctx) => raceDeviceLost(run(ctx), `${what} ${ctx.jobId}`, next);

/** Job kind → the function the worker runs. Adding a kind means adding one file and one line here. */
export const JOB_RUNNERS: Record<JobKind, JobRunner> = {
  selftest: runSelftest,
  train: runTrain,
  generate: guarded(runGenerate, 'generation of batch', 'the samples made so far are kept: generate again once the GPU is back, or with --backend wasm'),
  translate: guarded(runTranslate, 'translation of batch', 'the images translated so far are kept: translate again once the GPU is back, or with --backend wasm'),
  // queued before the one training loop: the same loop reads their older parameters
  'train-cgan': runTrain,
  'train-cyclegan': runTrain,
  evaluate: guarded(runEvaluate, 'evaluation', 'nothing of it was written: evaluate again once the GPU is back, or with --backend wasm'),
};
