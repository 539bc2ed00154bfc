import type { Evaluation } from '../../shared/domain/evaluation';
import { bestMixedArm } from '../../shared/best-mixed-arm';
import { percent as pct } from '../../shared/percent';
import { signedPoints } from '../../shared/signed-points';
import { onePositional, UsageError } from '../args';
import { readCommand } from '../read-command';
import { evaluationJson, evaluationLines } from './evaluate';

/** One stored evaluation in a list: what it judged and, once completed, the numbers that compare runs. */
const listFields = (e: Evaluation) => {
  const r = e.result, best = r ? bestMixedArm(r.realPlusSynthetic) : null;
  return {
    evaluationId: e.evaluationId, status: e.status, createdAt: e.createdAt, batches: e.batches, datasetVersionId: e.datasetVersionId,
    testVersionId: e.testVersionId, summary: r?.summary ?? null, realOnly: r?.realOnly.accMean ?? null,
    bestGain: best ? { ratio: best.ratio, gain: best.gain, gainSd: best.gainSd } : null, recommendedRatio: r?.recommendedRatio ?? null,
    syntheticOnly: r?.syntheticOnly.accMean ?? null, diversityRatio: r?.quality.diversityRatio ?? null,
    baselineGain: r?.baseline ? { ratio: r.baseline.ratio, gain: r.baseline.gain } : null, testCount: r?.test.count ?? null,
  };
};

const line = (e: Evaluation): string => {
  const r = e.result, best = r ? bestMixedArm(r.realPlusSynthetic) : null;
  const batches = e.batches.map((b) => `${b.batchId} (${b.runId}@${b.checkpointStep})`).join(', ');
  if (!r) return `${e.evaluationId}  ${e.status.padEnd(9)}  ${batches}  ${e.createdAt}`;
  return `${e.evaluationId}  ${e.status.padEnd(9)}  real ${pct(r.realOnly.accMean)}  best ${best ? `${signedPoints(best.gain)} at ×${best.ratio}` : '—'}`
    + `  CAS ${pct(r.syntheticOnly.accMean)}  diversity ${r.quality.diversityRatio.toFixed(2)}×`
    + `${r.baseline ? `  copies ${signedPoints(r.baseline.gain)} at ×${r.baseline.ratio}` : ''}  ${batches}  ${e.createdAt}`;
};

/** `gan-studio evaluations [batchId]`: every stored evaluation (or those that judged one batch), newest first. */
export const evaluationsCommand = readCommand({
  name: 'evaluations',
  summary: 'list stored evaluations side by side: gain, CAS, diversity, augmented copies (evaluations [batchId])',
  usage: 'gan-studio evaluations [batchId] [--json]',
  options: {},
  input: (parsed) => {
    if (parsed.positionals.length > 1) throw new UsageError('usage: gan-studio evaluations [batchId]');
    return parsed.positionals[0] ? { batchId: parsed.positionals[0] } : {};
  },
  read: async (studio, input: { batchId?: string }) => {
    const { evaluations } = (await studio.dispatch('evaluations.list', input)) as { evaluations: Evaluation[] };
    return { batchId: input.batchId, evaluations };
  },
  json: ({ evaluations }) => evaluations.map(listFields),
  lines: ({ batchId, evaluations }) => (evaluations.length ? evaluations.map(line)
    : [batchId ? `No evaluation judged batch ${batchId}: gan-studio evaluate ${batchId} --dataset D` : 'No evaluations yet: gan-studio evaluate <batchId> --dataset D']),
});

/** `gan-studio evaluation <evaluationId>`: one stored evaluation, printed as `evaluate` printed it. */
export const evaluationCommand = readCommand({
  name: 'evaluation',
  summary: 'show one stored evaluation as evaluate printed it',
  usage: 'gan-studio evaluation <evaluationId> [--json]',
  options: {},
  input: (parsed) => ({ evaluationId: onePositional(parsed, 'usage: gan-studio evaluation <evaluationId>') }),
  read: async (studio, input) => (await studio.dispatch('evaluations.get', input)) as Evaluation,
  json: (e) => (e.result ? evaluationJson({ ...e, result: e.result }) : { evaluationId: e.evaluationId, status: e.status, error: e.error }),
  lines: (e) => (e.result ? evaluationLines({ ...e, result: e.result })
    : [`evaluation ${e.evaluationId}: ${e.status}${e.error ? `: ${e.error}` : ''}${e.status === 'stopped' ? ' (nothing was stored)' : ''}`]),
});
