import type { JobKind } from '../../../shared/domain/job';
import type { JobRunner } from '../job-context';
import { runTrainCgan } from '../../training/train-cgan';
import { runTrainCyclegan } from '../../training/train-cyclegan';
import { runGenerate } from '../../generation/run-generate';
import { runSelftest } from './selftest';
import { runEvaluate } from '../../evaluation/run-evaluate';

/** Job kind → the function the worker runs. Adding a kind means adding one file and one line here. */
export const JOB_RUNNERS: Record<JobKind, JobRunner> = {
  selftest: runSelftest,
  'train-cgan': runTrainCgan,
  generate: runGenerate,
  'train-cyclegan': runTrainCyclegan,
  evaluate: runEvaluate,
};
