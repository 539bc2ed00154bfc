import type { JobKind } from '../../../shared/domain/job';
import type { JobRunner } from '../job-context';
import { runTrain } from '../../training/train-loop';
import { runGenerate } from '../../generation/run-generate';
import { runTranslate } from '../../translation/run-translate';
import { runSelftest } from './selftest';
import { runEvaluate } from '../../evaluation/run-evaluate';

/** Job kind → the function the worker runs. Adding a kind means adding one file and one line here. */
export const JOB_RUNNERS: Record<JobKind, JobRunner> = {
  selftest: runSelftest,
  train: runTrain,
  generate: runGenerate,
  translate: runTranslate,
  // queued before the one training loop: the same loop reads their older parameters
  'train-cgan': runTrain,
  'train-cyclegan': runTrain,
  evaluate: runEvaluate,
};
