import type { Evaluation } from './domain/evaluation';

/**
 * The evaluation that judged a set of generated batches, the one an export's README reports and the Export page
 * shows before exporting: the newest completed evaluation of exactly these batches, else the newest of some of
 * them (never one that also judged a batch outside the set). `evaluations` is newest first; null when none fits.
 */
export function evaluationForBatches<E extends Pick<Evaluation, 'status' | 'result' | 'batches'>>(evaluations: readonly E[], batchIds: ReadonlySet<string>): E | null {
  const done = evaluations.filter((e) => e.status === 'completed' && e.result && e.batches.length && e.batches.every((b) => batchIds.has(b.batchId)));
  return done.find((e) => e.batches.length === batchIds.size) ?? done[0] ?? null;
}
