import { ApiError } from '../../shared/api/errors';
import { BASELINE_SHIFT, EvalBaselineSchema, type Evaluation, type EvaluationResult } from '../../shared/domain/evaluation';
import { formatP, pairedText } from '../../shared/p-value';
import { percent as pct } from '../../shared/percent';
import { plusMinusPoints, signedPoints } from '../../shared/signed-points';
import type { Studio } from '../../engine/studio-types';
import { bestMixedArm } from '../../shared/best-mixed-arm';
import { numberValue, type CommandSpec, type ParsedCommand } from '../args';
import { withStudio } from '../open-cli-studio';
import { EXIT, printJson, printResult } from '../output';
import { formatEta } from '../progress-line';
import { waitForJob } from '../wait-for-job';

/** CONTRACT `evaluate --json`: the evaluation id, then the stored result's fields. */
export const evaluationJson = (e: Evaluation & { result: EvaluationResult }) => ({ evaluationId: e.evaluationId, ...e.result });

/** The people's table: one line per arm, then per-class accuracy, the quality measures and the sentence. */
export function evaluationLines(e: Evaluation & { result: EvaluationResult }): string[] {
  const r = e.result;
  const row = (name: string, acc: string, sd: string, gain: string, p = ''): string => `${name.padEnd(22)}${acc.padStart(8)}${sd.padStart(8)}${gain.padStart(13)}${p ? `  ${p}` : ''}`.trimEnd();
  const pOf = (m: { pValue?: number | undefined }) => (m.pValue === undefined ? '' : formatP(m.pValue));
  const best = r.realPlusSynthetic.find((m) => m.ratio === r.recommendedRatio) ?? bestMixedArm(r.realPlusSynthetic);
  const paired = best && pairedText(best);
  const q = r.quality;
  return [
    `evaluation ${e.evaluationId}: ${r.seeds.length} seed(s), ${r.steps} steps per arm, test ${r.test.source === 'holdout' ? 'held-out split' : 'dataset'} of ${r.test.count} images (${plusMinusPoints(r.test.halfWidth95)} points at 95%)`,
    '',
    row('training set', 'acc', 'sd', 'gain'),
    row('real only', pct(r.realOnly.accMean), (100 * r.realOnly.accSd).toFixed(1), ''),
    ...r.realPlusSynthetic.map((m) => row(`real + synthetic ×${m.ratio}${m.ratio === r.recommendedRatio ? ' *' : ''}`, pct(m.accMean), (100 * m.accSd).toFixed(1),
      `${signedPoints(m.gain)} ${plusMinusPoints(m.gainSd)}`, pOf(m))),
    row('synthetic only (CAS)', pct(r.syntheticOnly.accMean), (100 * r.syntheticOnly.accSd).toFixed(1), signedPoints(r.syntheticOnly.accMean - r.realOnly.accMean)),
    ...(r.baseline ? [row(`augmented copies ×${r.baseline.ratio}`, pct(r.baseline.accMean), (100 * r.baseline.accSd).toFixed(1),
      `${signedPoints(r.baseline.gain)} ${plusMinusPoints(r.baseline.gainSd)}`, pOf(r.baseline)),
    `  (real + copies of the real images shifted ≤ ${BASELINE_SHIFT} px${r.baseline.kind === 'shift-flip' ? ' and mirrored' : ''}, as many as the samples: what the samples must beat)`] : []),
    '',
    `per class (real only → ${r.realPlusSynthetic.map((m) => `×${m.ratio}`).join(' / ')} / synthetic only):`,
    ...r.perClass.map((c) => `  ${c.name.padEnd(14)} ${pct(c.realOnly).padStart(6)} → ${c.realPlusSynthetic.map((m) => pct(m.acc).padStart(6)).join(' ')} / ${pct(c.syntheticOnly).padStart(6)}`),
    '',
    `quality (${q.featureSpace}):`,
    `  Fréchet ${q.fd.toFixed(2)}, KID ${q.kid.toFixed(4)}, precision ${q.precision.toFixed(2)}, recall ${q.recall.toFixed(2)}, diversity ${q.diversityRatio.toFixed(2)}× real, nearest-real ${q.memorization.ratio.toFixed(2)}× real-to-real`,
    ...r.notes.map((n) => `note: ${n}`),
    '',
    ...(best && paired ? [`paired test at ×${best.ratio} against real only, seeds pooled: ${paired}`] : []),
    `${r.summary}. Recommended ratio: ${r.recommendedRatio ?? 'none (no ratio clearly helps)'}.`,
  ];
}

async function waitForEvaluation(studio: Studio, evaluationId: string, json: boolean): Promise<number> {
  const { row: e } = await waitForJob(studio, {
    what: 'evaluation', jobId: evaluationId, pollMs: 250,
    read: async () => (await studio.dispatch('evaluations.get', { evaluationId })) as Evaluation,
    progress: (p) => `${p.stepsPerSecond.toFixed(1)} steps/s ${formatEta(p.etaSeconds)}`,
    interrupt: { notice: 'cancelling the evaluation: nothing of it is kept…', call: () => studio.dispatch('evaluations.cancel', { evaluationId }) },
  });
  if (e.status === 'stopped' || !e.result) {
    process.stderr.write(`evaluation ${evaluationId} was stopped: nothing was stored\n`);
    if (json) printJson({ evaluationId, status: e.status });
    return EXIT.interrupted;
  }
  const done = e as Evaluation & { result: EvaluationResult };
  return printResult(json, evaluationJson(done), () => evaluationLines(done));
}

function inputOf(parsed: ParsedCommand) {
  const batchIds = parsed.positionals;
  if (batchIds.length === 0) throw new ApiError('bad_input', 'usage: gan-studio evaluate <batchId>… --dataset D [--test D] [--ratio R]… [--seeds N] [--baseline shift-flip|shift|none]');
  const dataset = parsed.values.dataset;
  if (typeof dataset !== 'string' || !dataset) throw new ApiError('bad_input', 'evaluate needs --dataset D: the labeled dataset whose real images the batches were generated from');
  const ratios = ((parsed.values.ratio as string[] | undefined) ?? []).map((r) => numberValue(r, 'ratio', false));
  return {
    batchIds, dataset,
    ...(typeof parsed.values.test === 'string' ? { test: parsed.values.test } : {}),
    ...(ratios.length ? { ratios } : {}),
    ...(typeof parsed.values.seeds === 'string' ? { seeds: numberValue(parsed.values.seeds, 'seeds', true) } : {}),
    ...(typeof parsed.values.steps === 'string' ? { steps: numberValue(parsed.values.steps, 'steps', true) } : {}),
    ...(typeof parsed.values.baseline === 'string' ? { baseline: baselineValue(parsed.values.baseline) } : {}),
  };
}

function baselineValue(raw: string) {
  const parsed = EvalBaselineSchema.safeParse(raw);
  if (!parsed.success) throw new ApiError('bad_input', `--baseline is one of ${EvalBaselineSchema.options.join(', ')}, not '${raw}'`);
  return parsed.data;
}

/** `gan-studio evaluate <batchId>… --dataset D [--test D] [--ratio R]… [--seeds N] [--steps N] [--baseline K] [--backend NAME]`. */
export const evaluateCommand: CommandSpec = {
  name: 'evaluate',
  summary: 'does it help? train a classifier on real, real + synthetic and synthetic only (evaluate <batchId>… --dataset D)',
  usage: 'gan-studio evaluate <batchId>… --dataset D [--test D] [--ratio R]… [--seeds N] [--steps N] [--baseline shift-flip|shift|none] [--backend NAME] [--json]',
  options: {
    dataset: { type: 'string' }, test: { type: 'string' }, ratio: { type: 'string', multiple: true }, seeds: { type: 'string' },
    steps: { type: 'string' }, baseline: { type: 'string' }, backend: { type: 'string' },
  },
  async run(parsed) {
    const input = inputOf(parsed);
    return withStudio(parsed, async (studio) => {
      const e = (await studio.dispatch('evaluations.create', input)) as Evaluation;
      if (!parsed.json) process.stderr.write(`evaluation ${e.evaluationId} queued: ratios ${e.ratios.join(', ')}, ${e.seeds.length} seed(s)\n`);
      return waitForEvaluation(studio, e.evaluationId, parsed.json);
    }, { scheduler: true });
  },
};
