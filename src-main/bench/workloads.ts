import { ApiError } from '../shared/api/errors';
import type { WorkloadDef } from './bench-types';
import { GALLERY_WORKLOAD } from './gallery-workload';
import { GENERATE_WORKLOADS } from './generate-workloads';
import { IMPORT_WORKLOADS } from './import-workloads';
import { TRAINING_WORKLOADS } from './training-workloads';
import { TRAIN_RSS_WORKLOAD } from './train-rss';
import { CLI_START_WORKLOAD } from './cli-start';
import { EVALUATE5K_WORKLOAD } from './evaluate5k';

/**
 * The benchmark workloads by name (CONTRACT.md). GFLOP figures are bench/README.md's per-step counts.
 * Memory and UI workloads (train-rss, gallery100k) come last: they take minutes.
 */
export const WORKLOADS: Record<string, WorkloadDef> = {
  ...TRAINING_WORKLOADS,
  ...IMPORT_WORKLOADS,
  ...GENERATE_WORKLOADS,
  'train-rss': TRAIN_RSS_WORKLOAD,
  gallery100k: GALLERY_WORKLOAD,
  'cli-start': CLI_START_WORKLOAD,
  evaluate5k: EVALUATE5K_WORKLOAD,
};

/** The definitions for `names` (all registered when empty); unknown names fail with the list of known ones. */
export function selectWorkloads(names: string[]): Array<[string, WorkloadDef]> {
  const known = Object.keys(WORKLOADS);
  const chosen = names.length ? names : known;
  const unknown = chosen.filter((n) => !(n in WORKLOADS));
  if (unknown.length) {
    throw new ApiError('bad_input', `unknown bench workload${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `'${n}'`).join(', ')}: known ones are ${known.join(', ')}`);
  }
  return chosen.map((n) => [n, WORKLOADS[n]!]);
}
