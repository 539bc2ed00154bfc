import type { SampleBatch } from '../../shared/domain/sample';
import { samplingText } from '../../shared/models/config-fields';
import { UsageError } from '../args';
import { plural } from '../output';
import { readCommand } from '../read-command';

/** CONTRACT `batches --json` fields of one batch, plus what a script needs to pick one. */
export const batchFields = (b: SampleBatch) => ({
  batchId: b.batchId, runId: b.runId, kind: b.kind, count: b.count, status: b.status, createdAt: b.createdAt,
  checkpointStep: b.checkpointStep, classes: b.classes.map((c) => ({ name: c.name, count: c.count })),
  // Filtered batches: kept and rejected counts per reason (null without the filter).
  filter: b.filter ? { minConfidence: b.filter.minConfidence, drawn: b.filter.drawn, kept: b.filter.kept, rejected: b.filter.rejected, filled: b.filter.filled,
    warnings: b.filter.warnings } : null,
  // The sampling settings the batch set for itself (a diffusion run's guidance, steps); null when it used its run's.
  sampling: b.sampling,
});

const line = (b: SampleBatch): string =>
  `${b.batchId}  ${b.kind.padEnd(9)} ${b.status.padEnd(11)} ${plural(b.count, 'image').padStart(12)}  run ${b.runId} step ${b.checkpointStep}  ${b.createdAt}`
  + (b.filter ? `  filtered: ${b.filter.rejected.lowConfidence + b.filter.rejected.nearDuplicate} rejected` : '')
  + (b.sampling ? `  sampled with ${samplingText(b.sampling)}` : '');

/** `gan-studio batches [--run RUNID]`: generated and translated batches, newest first: the ids `export` takes. */
export const batchesCommand = readCommand({
  name: 'batches',
  summary: 'list generated and translated batches (the ids export takes)',
  usage: 'gan-studio batches [--run RUNID] [--json]',
  options: { run: { type: 'string' } },
  input: (parsed) => {
    if (parsed.positionals.length) throw new UsageError('batches takes no names: gan-studio batches [--run RUNID]');
    return typeof parsed.values.run === 'string' ? { runId: parsed.values.run } : {};
  },
  read: async (studio, input: { runId?: string }) => {
    // An unknown run is a typo to point out, not an empty list.
    if (input.runId) await studio.dispatch('runs.get', input);
    const { batches } = (await studio.dispatch('samples.batches', input)) as { batches: SampleBatch[] };
    return { runId: input.runId, batches };
  },
  json: ({ batches }) => batches.map(batchFields),
  lines: ({ runId, batches }) => (batches.length ? batches.map(line)
    : [runId ? `No batches of run ${runId}: gan-studio generate ${runId} --per-class N` : 'No batches yet: gan-studio generate <runId> --per-class N']),
});
