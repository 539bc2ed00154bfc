import type { BatchFilter } from '../../../shared/domain/sample';
import { percent as pct } from '../../../shared/percent';
import type { Db } from '../../db/database';
import { filterCounts, getFilterRecord } from './filter-repo';

/** Held-out accuracy under which the batch warns that the classifier's confidence says little. */
const WEAK_CLASSIFIER = 0.6;

/**
 * What the filter did to a batch, or null for a batch made without it. Counts are read from the sample and reject
 * rows (not kept in a tally), so they are true after a stop or crash; the warnings follow from them.
 */
export function batchFilter(db: Db, batchId: string, classes: { index: number; name: string }[], perClass: number): BatchFilter | null {
  const record = getFilterRecord(db, batchId);
  if (!record) return null;
  const counts = filterCounts(db, batchId);
  const rows = classes.map((c) => {
    const x = counts.get(c.index) ?? { kept: 0, lowConfidence: 0, nearDuplicate: 0, filled: 0 };
    return { index: c.index, name: c.name, drawn: x.kept + x.lowConfidence + x.nearDuplicate, kept: x.kept,
      rejected: { lowConfidence: x.lowConfidence, nearDuplicate: x.nearDuplicate }, filled: x.filled };
  });
  const warnings: string[] = [];
  for (const r of rows.filter((x) => x.filled > 0)) {
    const passed = r.kept - r.filled;
    warnings.push(`class '${r.name}': ${passed === 0 ? 'none' : `only ${passed}`} of ${r.drawn} drawn samples passed the filter (confidence ≥ ${record.minConfidence}, `
      + `no near-duplicate) after ${record.maxDrawFactor}×${perClass} draws; the ${r.filled} most confident of the rest were kept to reach ${perClass}`);
  }
  const acc = record.classifier?.heldOutAccuracy;
  if (acc !== undefined && acc !== null && acc < WEAK_CLASSIFIER) {
    warnings.push(`the filter's classifier reaches only ${pct(acc)} on ${record.classifier!.heldOutCount} held-out images: its confidence is a weak guide`);
  }
  const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((n, r) => n + f(r), 0);
  return {
    ...record, drawn: sum((r) => r.drawn), kept: sum((r) => r.kept), filled: sum((r) => r.filled),
    rejected: { lowConfidence: sum((r) => r.rejected.lowConfidence), nearDuplicate: sum((r) => r.rejected.nearDuplicate) }, perClass: rows, warnings,
  };
}
