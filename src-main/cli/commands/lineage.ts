import { resolve } from 'node:path';
import type { Lineage } from '../../shared/domain/sample';
import { samplingText } from '../../shared/models/config-fields';
import { onePositional } from '../args';
import { plural } from '../output';
import { readCommand } from '../read-command';

/** Where a file comes from, for people: a translation, a synthetic sample or a real image, and its sources. */
function lineageLines(l: Lineage): string[] {
  if (l.direction) {
    return [`${l.sha256}: translation '${l.label}' (${l.direction}), output ${l.sampleIndex} of batch ${l.batchId}`,
      `  from run ${l.runId} at checkpoint step ${l.checkpointStep}`, ...l.sources.map((s) => `  translated from: ${s.path} (${s.sha256})`)];
  }
  if (l.synthetic) {
    const own = l.sampling ? `, sampled with ${samplingText(l.sampling)}` : '';
    return [`${l.sha256}: synthetic '${l.label}', sample ${l.sampleIndex} of batch ${l.batchId} (seed ${l.seed}, truncation ${l.truncation ?? 'none'}, ${l.weights}${own})`,
      `  from run ${l.runId} at checkpoint step ${l.checkpointStep}, trained on dataset version ${l.datasetVersionId} (${plural(l.sources.length, 'real file')})`];
  }
  return [`${l.sha256}: real image '${l.label}' of dataset version ${l.datasetVersionId}`, ...l.sources.map((s) => `  original: ${s.path} (${s.sha256})`)];
}

/** `gan-studio lineage <path|sha256>`: `{sha256, synthetic, runId, checkpointStep, batchId, seed, sampleIndex, datasetVersionId, sources}`. */
export const lineageCommand = readCommand({
  name: 'lineage',
  summary: 'trace an exported file (path or sha256) back to its run, checkpoint and real sources',
  usage: 'gan-studio lineage <path|sha256> [--json]',
  options: {},
  input: (parsed) => onePositional(parsed, 'usage: gan-studio lineage <path|sha256>'),
  read: async (studio, ref) => (await studio.dispatch('lineage.resolve', { ref: /^[0-9a-f]{64}$/i.test(ref) ? ref : resolve(ref) })) as Lineage,
  json: (l) => l,
  lines: lineageLines,
});
