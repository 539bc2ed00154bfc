import { ApiError } from '../../../shared/api/errors';
import type { RunSummary } from '../../../shared/domain/run';
import { DEFAULT_FILTER, DEFAULT_MIN_CONFIDENCE, FILTER_MAX_DRAW_FACTOR, NEAR_DUPLICATE_FRACTION, type GenerateInput, type GenerateParams } from '../../../shared/domain/sample';
import type { Db } from '../../db/database';
import { listVersionClasses } from '../../datasets/dataset-repo';
import { countSplitPerClass } from '../../evaluation/evaluations-repo';

/**
 * The filter settings of a `samples.generate` call: undefined when the filter is off (absent = DEFAULT_FILTER).
 * @throws ApiError bad_input for a bar outside (0, 1), a bar without the filter, or, when the call asked for the filter,
 * a run that translates or a class without real training images (the classifier could not learn it).
 */
export function resolveFilter(db: Db, run: RunSummary, inference: string, input: Pick<GenerateInput, 'filter' | 'minConfidence'>): GenerateParams['filter'] {
  const on = input.filter ?? DEFAULT_FILTER;
  if (!on) {
    if (input.minConfidence !== undefined) throw new ApiError('bad_input', `--min-confidence is the classifier filter's bar: add --filter, or leave --min-confidence out`);
    return undefined;
  }
  // On by default only (DEFAULT_FILTER): a run the filter cannot judge is generated unfiltered, as asked of it.
  const asked = input.filter === true;
  if (inference !== 'generate') {
    if (!asked) return undefined;
    throw new ApiError('bad_input', `the classifier filter judges generated samples of labeled classes: run ${run.runId} translates images (CycleGAN), `
      + 'and translations are not filtered; leave out --filter');
  }
  const p = input.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  if (!Number.isFinite(p) || p <= 0 || p >= 1) throw new ApiError('bad_input', `--min-confidence must be above 0 and below 1 (the classifier's probability of the intended class), not ${p}`);
  if (run.classNames.length < 2) {
    if (!asked) return undefined;
    throw new ApiError('bad_input', `run ${run.runId} has one class: a classifier filter needs at least two; leave out --filter`);
  }
  const versionId = run.datasets[0]!.versionId;
  const names = listVersionClasses(db, versionId).map((c) => c.name);
  const counts = countSplitPerClass(db, versionId, 'train');
  const empty = run.classNames.filter((n) => (counts.get(names.indexOf(n)) ?? 0) === 0);
  if (empty.length) {
    if (!asked) return undefined;
    throw new ApiError('bad_input', `the filter's classifier learns from the run's real TRAIN images, and class(es) ${empty.map((n) => `'${n}'`).join(', ')} have none: leave out --filter`);
  }
  return { minConfidence: p, nearDuplicateFraction: NEAR_DUPLICATE_FRACTION, maxDrawFactor: FILTER_MAX_DRAW_FACTOR };
}
