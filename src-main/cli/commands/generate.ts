import { ApiError } from '../../shared/api/errors';
import type { JobProgress } from '../../shared/domain/job';
import type { SampleBatch } from '../../shared/domain/sample';
import type { Studio } from '../../engine/studio-types';
import { numberValue, onePositional, type CommandSpec, type ParsedCommand } from '../args';
import { withStudio } from '../open-cli-studio';
import { EXIT, plural, printResult } from '../output';
import { formatEta } from '../progress-line';
import { listModelInfo } from '../../engine/models/registry';
import { flagHelpLine, flagKind, samplingFlagFields, samplingFromFlags, valueHint } from '../model-flags';
import { samplingText } from '../../shared/models/config-fields';
import { waitForJob } from '../wait-for-job';

/** A number flag (or undefined), as given: range checks belong to the engine, which words them for every face. */
function numberFlag(parsed: ParsedCommand, name: string, integer: boolean): number | undefined {
  const raw = parsed.values[name];
  return raw === undefined ? undefined : numberValue(String(raw), name, integer);
}

/** --filter / --no-filter (absent: the engine's DEFAULT_FILTER) and --min-confidence P, as `samples.generate` takes them. */
function filterFlags(parsed: ParsedCommand): { filter?: boolean; minConfidence?: number } {
  if (parsed.values.filter && parsed.values['no-filter']) throw new ApiError('bad_input', '--filter and --no-filter contradict each other: give one');
  const minConfidence = numberFlag(parsed, 'min-confidence', false);
  return {
    ...(parsed.values.filter ? { filter: true } : parsed.values['no-filter'] ? { filter: false } : {}),
    ...(minConfidence !== undefined ? { minConfidence } : {}),
  };
}

/** The models' sampling settings (`--guidance`, `--sample-steps` of a diffusion run): flags of this command. */
const SAMPLING = samplingFlagFields(listModelInfo());
const samplingUsage = SAMPLING.map((f) => `[--${f.flag} ${valueHint(f)}]`).join(' ');

/** CONTRACT `generate --json`: `{batchId, count, perClass: {class: n}}`. */
export const batchResult = (b: SampleBatch) => ({
  batchId: b.batchId, count: b.count, perClass: Object.fromEntries(b.classes.map((c) => [c.name, c.count])), status: b.status,
  runId: b.runId, checkpointStep: b.checkpointStep, seed: b.seed, truncation: b.truncation, weights: b.weights, filter: b.filter,
  sampling: b.sampling,
});

/** The filter's line for people: kept and rejected per reason, then its warnings. */
export const filterLines = (b: SampleBatch): string[] => (b.filter ? [
  `filter (confidence ≥ ${b.filter.minConfidence}): drew ${b.filter.drawn}, kept ${b.filter.kept}, rejected ${b.filter.rejected.lowConfidence} low-confidence `
    + `and ${b.filter.rejected.nearDuplicate} near-duplicate`, ...b.filter.warnings.map((w) => `warning: ${w}`)] : []);

/** The progress line's note: speed and ETA; a filtered batch also says what the filter is doing. */
function progressNote(p: JobProgress): string {
  const m = p.metrics;
  if (m.classifierStep !== undefined) return `training the filter's classifier: step ${m.classifierStep}/${m.classifierSteps ?? '?'}`;
  const filtered = m.drawn !== undefined ? `, ${m.drawn} drawn, ${m.rejected ?? 0} rejected` : '';
  return `${p.stepsPerSecond.toFixed(0)} images/s${filtered} ${formatEta(p.etaSeconds)}`;
}

/**
 * Waits for a batch (generated or translated), with progress and ETA on stderr; the first Ctrl-C cancels it (the
 * images made so far stay) → 130. Prints `result(batch)` with --json.
 */
export async function waitForBatch(studio: Studio, batchId: string, json: boolean, result: (b: SampleBatch) => object = batchResult): Promise<number> {
  const { row: b, interrupted } = await waitForJob(studio, {
    what: 'batch', jobId: batchId, pollMs: 200,
    read: async () => (await studio.dispatch('samples.batch', { batchId })) as SampleBatch,
    progress: progressNote,
    interrupt: { notice: 'cancelling: the samples made so far are kept…', call: () => studio.dispatch('samples.cancel', { batchId }) },
  });
  printResult(json, result(b), () => [`batch ${batchId} ${b.status}: ${plural(b.count, b.kind === 'translate' ? 'image' : 'sample')} (${b.classes.map((c) => `${c.name} ${c.count}`).join(', ')})`,
    ...(b.sampling ? [`sampled with ${samplingText(b.sampling, SAMPLING)} (the run's own settings otherwise)`] : []), ...filterLines(b)]);
  return interrupted ? EXIT.interrupted : EXIT.ok;
}

/**
 * `gan-studio generate <runId> --per-class N [--class C]… [--checkpoint STEP|latest] [--seed S] [--truncation T] [--weights ema|raw] [--filter|--no-filter] [--min-confidence P]`,
 * and the run's model's sampling settings (`--guidance W --sample-steps N` for a diffusion run).
 */
export const generateCommand: CommandSpec = {
  name: 'generate',
  summary: 'generate N samples per class from a cgan or diffusion run (generate <runId> --per-class N)',
  usage: [`gan-studio generate <runId> --per-class N [--class C]… [--checkpoint STEP|latest] [--seed S] [--truncation T] [--weights ema|raw] [--filter|--no-filter] [--min-confidence P] ${samplingUsage} [--json]`,
    '', 'Sampling settings of the run\'s model, for this batch only (the run keeps its own; absent: the run\'s):',
    ...SAMPLING.map((f) => flagHelpLine(f))].join('\n'),
  options: {
    'per-class': { type: 'string' }, class: { type: 'string', multiple: true }, checkpoint: { type: 'string' }, seed: { type: 'string' },
    truncation: { type: 'string' }, weights: { type: 'string' }, filter: { type: 'boolean' }, 'no-filter': { type: 'boolean' }, 'min-confidence': { type: 'string' },
    ...Object.fromEntries(SAMPLING.map((f) => [f.flag, { type: 'string' as const }])),
  },
  kinds: { 'min-confidence': 'float', ...Object.fromEntries(SAMPLING.map((f) => [f.flag, flagKind(f)])) },
  async run(parsed) {
    const runId = onePositional(parsed, 'usage: gan-studio generate <runId> --per-class N [options]');
    const perClass = numberFlag(parsed, 'per-class', true);
    if (perClass === undefined) throw new ApiError('bad_input', 'generate needs --per-class N (images per class)');
    const ck = parsed.values.checkpoint;
    const checkpoint = ck === undefined || ck === 'latest' ? 'latest' : numberFlag(parsed, 'checkpoint', true);
    const weights = parsed.values.weights ?? 'ema';
    if (weights !== 'ema' && weights !== 'raw') throw new ApiError('bad_input', `--weights must be ema or raw, not '${String(weights)}'`);
    const sampling = samplingFromFlags(SAMPLING, parsed.values);
    const input = {
      runId, perClass, checkpoint, weights, classes: (parsed.values.class as string[] | undefined) ?? [],
      ...(parsed.values.seed !== undefined ? { seed: numberFlag(parsed, 'seed', true) } : {}),
      ...(parsed.values.truncation !== undefined ? { truncation: numberFlag(parsed, 'truncation', false) } : {}),
      ...filterFlags(parsed),
      ...(sampling ? { sampling } : {}),
    };
    return withStudio(parsed, async (studio) => {
      const batch = (await studio.dispatch('samples.generate', input)) as SampleBatch;
      if (!parsed.json) process.stderr.write(`batch ${batch.batchId} queued: ${batch.perClass} per class × ${plural(batch.classes.length, 'class', 'classes')}, seed ${batch.seed}\n`);
      return waitForBatch(studio, batch.batchId, parsed.json);
    }, { scheduler: true });
  },
};
