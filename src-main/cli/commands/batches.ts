import type { SampleBatch } from '../../shared/domain/sample';
import { UsageError, type CommandSpec } from '../args';
import { withStudio } from '../open-cli-studio';
import { plural, printResult } from '../output';

/** CONTRACT `batches --json` fields of one batch, plus what a script needs to pick one. */
export const batchFields = (b: SampleBatch) => ({
  batchId: b.batchId, runId: b.runId, kind: b.kind, count: b.count, status: b.status, createdAt: b.createdAt,
  checkpointStep: b.checkpointStep, classes: b.classes.map((c) => ({ name: c.name, count: c.count })),
});

const line = (b: SampleBatch): string =>
  `${b.batchId}  ${b.kind.padEnd(9)} ${b.status.padEnd(11)} ${plural(b.count, 'image').padStart(12)}  run ${b.runId} step ${b.checkpointStep}  ${b.createdAt}`;

/** `gan-studio batches [--run RUNID]`: generated and translated batches, newest first: the ids `export` takes. */
export const batchesCommand: CommandSpec = {
  name: 'batches',
  summary: 'list generated and translated batches (the ids export takes)',
  usage: 'gan-studio batches [--run RUNID] [--json]',
  options: { run: { type: 'string' } },
  run: (parsed) => {
    if (parsed.positionals.length) throw new UsageError('batches takes no names: gan-studio batches [--run RUNID]');
    const runId = parsed.values.run;
    return withStudio(parsed, async (studio) => {
      // An unknown run is a typo to point out, not an empty list.
      if (typeof runId === 'string') await studio.dispatch('runs.get', { runId });
      const { batches } = (await studio.dispatch('samples.batches', typeof runId === 'string' ? { runId } : {})) as { batches: SampleBatch[] };
      return printResult(parsed.json, batches.map(batchFields), () => (batches.length ? batches.map(line)
        : [runId ? `No batches of run ${String(runId)}: gan-studio generate ${String(runId)} --per-class N` : 'No batches yet: gan-studio generate <runId> --per-class N']));
    });
  },
};
