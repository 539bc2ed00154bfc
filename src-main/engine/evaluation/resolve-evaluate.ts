import { ApiError } from '../../shared/api/errors';
import { DEFAULT_EVAL_BASELINE, DEFAULT_EVAL_RATIOS, EvaluateInputSchema, type EvaluateInput, type EvaluateParams } from '../../shared/domain/evaluation';
import type { DatasetSummary } from '../../shared/domain/dataset';
import type { SampleBatch } from '../../shared/domain/sample';
import type { Db } from '../db/database';
import { versionSummary } from '../datasets/dataset-repo';
import { requireDatasetVersion } from '../datasets/queries';
import { getBatch } from '../generation/samples-repo';
import { EVALUATOR_CONFIG } from './evaluator-config';
import { countAllPerClass, countSplitPerClass, listKeptSamples } from './evaluations-repo';

/** Largest side the evaluator looks at: bigger batches are downscaled (a 128 px CNN would take hours here). */
export const MAX_EVAL_RESOLUTION = 32;

/**
 * Optimizer steps of every arm when none is asked: about 16 passes over the LARGEST arm in batches of 64, at least
 * 100 and at most 2,000, the same for every arm. 100 real + 500 synthetic per class → 1,500 steps.
 * The budget decides whether the evaluator can see a gain at all. On Fashion-MNIST (100 real per class, tested on
 * t10k), 500 further REAL images per class standing in for a batch gained +0.5 points at ratio 5 with 8 passes
 * (750 steps): the mixed arm saw each real image 8 times where real only saw it 48 times, so added data read
 * as little gain, or as harm. 16 passes (1,500 steps) show +1.8 over 3 seeds, 32 passes +3.6 with one (docs/evaluation.md); 16 keeps a
 * 3-seed evaluation of that size within 5 minutes on 2 cores.
 */
export function defaultSteps(realTrain: number, synthetic: number, maxRatio: number): number {
  const largest = Math.max(realTrain + Math.min(maxRatio * realTrain, synthetic), synthetic);
  return Math.max(100, Math.min(2000, Math.round((16 * largest) / EVALUATOR_CONFIG.batch)));
}

const quote = (xs: string[]): string => xs.map((x) => `'${x}'`).join(', ');

function labeledVersion(db: Db, ref: string, role: string): DatasetSummary {
  const summary = versionSummary(db, requireDatasetVersion(db, ref));
  if (!summary) throw new ApiError('not_found', `no dataset '${ref}'`);
  if (summary.kind !== 'labeled') {
    throw new ApiError('bad_input', `${role} '${summary.name}' is a domain dataset: an evaluation trains a classifier, so it needs a labeled dataset (one folder per class)`);
  }
  return summary;
}

/**
 * Checks an evaluation request and resolves it into job parameters: a labeled dataset, batches generated from it,
 * at least one kept sample, a test set with the same classes (or a held-out split with ≥ 2 images per class).
 * @throws ApiError bad_input / not_found / conflict with a message naming what to change.
 */
export function resolveEvaluation(db: Db, raw: EvaluateInput): EvaluateParams {
  const input = EvaluateInputSchema.parse(raw);
  const real = labeledVersion(db, input.dataset, 'dataset');
  const classNames = real.classes.map((c) => c.name);
  const notes: string[] = [];
  const batches: SampleBatch[] = [...new Set(input.batchIds)].map((id) => {
    const b = getBatch(db, id);
    if (!b) throw new ApiError('not_found', `no batch ${id}: list them with 'gan-studio batches'`);
    if (b.status === 'queued' || b.status === 'running' || b.status === 'paused') throw new ApiError('conflict', `batch ${id} is still ${b.status}: wait for it to end`);
    const from = versionSummary(db, b.datasetVersionId);
    if (!from || from.datasetId !== real.datasetId) {
      throw new ApiError('bad_input', `batch ${id} comes from run ${b.runId}, trained on dataset '${from?.name ?? b.datasetVersionId}', not on '${real.name}': evaluate it against the dataset its run learned from`);
    }
    if (b.datasetVersionId !== real.versionId) notes.push(`batch ${id} was generated from version ${from.versionNumber} of '${real.name}'; real images come from version ${real.versionNumber}`);
    return b;
  });
  const first = batches[0]!;
  const odd = batches.find((b) => b.resolution !== first.resolution || b.channels !== first.channels);
  if (odd) throw new ApiError('bad_input', `batches differ in size: ${first.batchId} is ${first.resolution} px × ${first.channels} channel(s), ${odd.batchId} is ${odd.resolution} px × ${odd.channels}: evaluate them separately`);
  const kept = batches.reduce((n, b) => n + listKeptSamples(db, b.batchId).length, 0);
  if (kept === 0) throw new ApiError('bad_input', `zero synthetic samples: batch(es) ${batches.map((b) => b.batchId).join(', ')} hold no kept samples (empty, stopped before the first image, or all rejected)`);

  const trainCounts = countSplitPerClass(db, real.versionId, 'train');
  const noTrain = classNames.filter((_, k) => (trainCounts.get(k) ?? 0) === 0);
  if (noTrain.length) throw new ApiError('bad_input', `dataset '${real.name}' has no training image in class(es) ${quote(noTrain)}: the real-only classifier could not learn them; import images for them`);

  let testVersionId: string | null = null;
  if (input.test !== undefined) {
    const test = labeledVersion(db, input.test, 'test dataset');
    if (test.versionId === real.versionId) throw new ApiError('bad_input', `the test dataset is the training dataset itself: its TRAIN images would be tested on; leave out --test to use its held-out split`);
    const testCounts = countAllPerClass(db, test.versionId);
    const testNames = test.classes.filter((_, k) => (testCounts.get(k) ?? 0) > 0).map((c) => c.name);
    const missing = classNames.filter((n) => !testNames.includes(n)), extra = testNames.filter((n) => !classNames.includes(n));
    if (missing.length || extra.length) {
      throw new ApiError('bad_input', `test dataset '${test.name}' has other classes than '${real.name}': `
        + [missing.length ? `missing ${quote(missing)}` : '', extra.length ? `extra ${quote(extra)}` : ''].filter(Boolean).join('; ')
        + ': rename its class folders to match, or re-import it');
    }
    testVersionId = test.versionId;
  } else {
    const holdout = countSplitPerClass(db, real.versionId, 'holdout');
    const thin = classNames.filter((_, k) => (holdout.get(k) ?? 0) < 2);
    if (thin.length) {
      throw new ApiError('bad_input', `the held-out split of '${real.name}' has fewer than 2 images in class(es) ${quote(thin)}: too few to test on; name a labeled test dataset with --test, or import more images`);
    }
  }
  const ratios = [...new Set(input.ratios ?? DEFAULT_EVAL_RATIOS)].sort((a, b) => a - b);
  const heldOut = [...countSplitPerClass(db, real.versionId, 'holdout').values()].reduce((a, b) => a + b, 0);
  let realTrain = [...trainCounts.values()].reduce((a, b) => a + b, 0);
  if (testVersionId && heldOut > 0) {
    notes.push(`with a separate test dataset, the ${heldOut} held-out images of '${real.name}' train every arm too (${realTrain + heldOut} real images in all)`);
    realTrain += heldOut;
  }
  return {
    datasetVersionId: real.versionId, testVersionId, batchIds: batches.map((b) => b.batchId), ratios,
    seeds: Array.from({ length: input.seeds }, (_, i) => i + 1), steps: input.steps ?? defaultSteps(realTrain, kept, ratios.at(-1)!), classNames,
    resolution: Math.min(first.resolution, MAX_EVAL_RESOLUTION), channels: first.channels === 1 ? 1 : 3,
    baseline: input.baseline ?? DEFAULT_EVAL_BASELINE, notes,
  };
}
