import type { Evaluation } from '../../shared/domain/evaluation';
import type { BatchFilter, SampleBatch } from '../../shared/domain/sample';
import type { Db } from '../db/database';
import { versionSummary } from '../datasets/dataset-repo';
import { listEvaluations } from '../evaluation/evaluations-repo';
import { evaluationForBatches, isGeneratedBatch } from '../../shared/evaluation-for-batches';
import { percent as pct } from '../../shared/percent';
import { pairedText } from '../../shared/p-value';
import { signedPoints } from '../../shared/signed-points';

/** `quality.json` of an export: what the classifier filter dropped, and the evaluation of what the export holds. */
export interface ExportQuality {
  filtering: ({ batchId: string } & BatchFilter)[];
  /** The newest completed evaluation of the exported generated batches (all of them if one exists, else some); null when none. */
  evaluation: {
    evaluationId: string; createdAt: string; batchIds: string[]; coversAllBatches: boolean; datasetVersionId: string;
    /** The real training and test datasets as users name them (`name@version`), or their version ids if deleted. */
    datasetName: string; testName: string;
    result: NonNullable<Evaluation['result']>;
  } | null;
  /** How to run one when none was (null when the export holds no generated batch). */
  evaluateCommand: string | null;
}

/** Gathers the filter records of the batches and picks the evaluation that judged them: exactly these batches first, else a subset. */
export function exportQuality(db: Db, batches: SampleBatch[]): ExportQuality {
  const generated = batches.filter(isGeneratedBatch);
  const ids = new Set(generated.map((b) => b.batchId));
  const best = evaluationForBatches(listEvaluations(db), ids);
  const first = generated[0];
  const dataset = first ? versionSummary(db, first.datasetVersionId) : null;
  const named = (versionId: string): string => {
    const v = versionSummary(db, versionId);
    return v ? `${v.name}@${v.versionNumber}` : versionId;
  };
  return {
    filtering: batches.flatMap((b) => (b.filter ? [{ batchId: b.batchId, ...b.filter }] : [])),
    evaluation: best ? {
      evaluationId: best.evaluationId, createdAt: best.createdAt, batchIds: best.batches.map((b) => b.batchId),
      coversAllBatches: best.batches.length === ids.size, datasetVersionId: best.datasetVersionId,
      datasetName: named(best.datasetVersionId), testName: named(best.result!.test.versionId), result: best.result!,
    } : null,
    evaluateCommand: first ? `gan-studio evaluate ${[...ids].join(' ')} --dataset ${dataset ? `${dataset.name}@${dataset.versionNumber}` : first.datasetVersionId}` : null,
  };
}

const num = (x: number): string => (Number.isFinite(x) ? x.toPrecision(3) : 'n/a');

function filterLines(f: ExportQuality['filtering'][number]): string[] {
  const acc = f.classifier?.heldOutAccuracy;
  return [
    `Batch ${f.batchId}: kept a sample only when a classifier trained on the run's real TRAIN images gave its class at least ${f.minConfidence} `
      + `and it was no near-duplicate (features closer than ${f.nearDuplicateFraction}× the real images' median nearest-neighbour distance) of a kept one. `
      + `Drew ${f.drawn}, kept ${f.kept}, rejected ${f.rejected.lowConfidence} for low confidence and ${f.rejected.nearDuplicate} as near-duplicates`
      + `${f.filled ? `; ${f.filled} below the bar were kept to reach N` : ''}. The classifier's held-out accuracy: `
      + `${acc === null || acc === undefined ? 'not measured (the dataset version has no held-out images)' : `${pct(acc)} on ${f.classifier!.heldOutCount} images`}.`,
    '', '| class | drawn | kept | low confidence | near-duplicate | kept below the bar |', '|---|---|---|---|---|---|',
    ...f.perClass.map((c) => `| ${c.name.replace(/\|/g, '\\|')} | ${c.drawn} | ${c.kept} | ${c.rejected.lowConfidence} | ${c.rejected.nearDuplicate} | ${c.filled} |`),
    ...(f.warnings.length ? ['', ...f.warnings.map((w) => `- Warning: ${w}`)] : []), '',
  ];
}

function evaluationLines(e: NonNullable<ExportQuality['evaluation']>): string[] {
  const r = e.result, q = r.quality;
  const test = r.test.source === 'holdout' ? `the held-out split of ${e.testName}` : e.testName;
  return [
    `Evaluation ${e.evaluationId} (${e.createdAt}) of batch(es) ${e.batchIds.join(', ')}${e.coversAllBatches ? '' : ' (not every exported batch)'}: `
      + `the evaluator's classifier trained ${r.seeds.length} time(s) per arm for ${r.steps} steps on ${e.datasetName}, tested on ${r.test.count} images of ${test} (±${(100 * r.test.halfWidth95).toFixed(1)} points, 95%).`,
    '', '| training set | accuracy (mean ± sd) | gain over real only (points) |', '|---|---|---|',
    `| real only | ${pct(r.realOnly.accMean)} ± ${(100 * r.realOnly.accSd).toFixed(1)} | |`,
    ...r.realPlusSynthetic.map((m) => `| real + synthetic, ratio ${m.ratio} | ${pct(m.accMean)} ± ${(100 * m.accSd).toFixed(1)} | ${signedPoints(m.gain)} ± ${(100 * m.gainSd).toFixed(1)} |`),
    `| synthetic only (CAS) | ${pct(r.syntheticOnly.accMean)} ± ${(100 * r.syntheticOnly.accSd).toFixed(1)} | |`,
    ...(r.baseline ? [`| real + augmented copies of the real images instead (shifts${r.baseline.kind === 'shift-flip' ? ', mirror' : ''}), ratio ${r.baseline.ratio} | `
      + `${pct(r.baseline.accMean)} ± ${(100 * r.baseline.accSd).toFixed(1)} | ${signedPoints(r.baseline.gain)} ± ${(100 * r.baseline.gainSd).toFixed(1)} |`] : []), '',
    `- Recommended ratio: ${r.recommendedRatio ?? 'none (no ratio clearly helped)'}. ${r.summary}`,
    ...r.realPlusSynthetic.flatMap((m) => { const t = pairedText(m); return t ? [`- Paired test at ratio ${m.ratio} against real only (same seeds): ${t}.`] : []; }),
    `- Quality in ${q.featureSpace}: Fréchet distance ${num(q.fd)}, KID ${num(q.kid)}, precision ${num(q.precision)}, recall ${num(q.recall)}, `
      + `within-class diversity ${num(q.diversityRatio)}× the real images', nearest-real distance ${num(q.memorization.ratio)}× the real images' own (${pct(q.memorization.copies)} near-copies).`, '',
  ];
}

/** The README's filtering and evaluation sections. */
export function qualityReadme(q: ExportQuality): string[] {
  return [
    '## Filtering', '',
    ...(q.filtering.length ? q.filtering.flatMap(filterLines) : ['No batch of this export was filtered by a classifier (`gan-studio generate` filters unless told `--no-filter`).', '']),
    '## Evaluation', '',
    ...(q.evaluation ? evaluationLines(q.evaluation)
      : q.evaluateCommand ? [`No evaluation was run on these batches. Run one with \`${q.evaluateCommand}\` (add \`--test D\` for a labeled test dataset), then export again.`, '']
        : ['The export holds no generated batch to evaluate.', '']),
  ];
}
