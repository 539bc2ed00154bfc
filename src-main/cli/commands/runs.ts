import type { RunSummary } from '../../shared/domain/run';
import { onePositional } from '../args';
import { readCommand } from '../read-command';
import { runFields } from './run-wait';

const line = (r: RunSummary): string =>
  `${r.runId}  ${r.kind.padEnd(7)} ${r.status.padEnd(11)} step ${String(r.step).padStart(6)}/${r.totalSteps}  ${r.datasets.map((d) => d.name).join(', ')}  ${r.config.resolution}px  ${r.backend ?? ''}`;

/** `gan-studio runs`: every run, newest first. */
export const runsCommand = readCommand({
  name: 'runs',
  summary: 'list training runs',
  usage: 'gan-studio runs [--json]',
  options: {},
  input: () => ({}),
  read: async (studio, input) => ((await studio.dispatch('runs.list', input)) as { runs: RunSummary[] }).runs,
  json: (runs) => runs.map(runFields),
  lines: (runs) => (runs.length ? runs.map(line) : ['No runs yet: gan-studio train cgan --dataset NAME']),
});

/** `gan-studio run <runId>`: one run with its config, checkpoints and warnings. */
export const runCommand = readCommand({
  name: 'run',
  summary: 'show one training run',
  usage: 'gan-studio run <runId> [--json]',
  options: {},
  input: (parsed) => ({ runId: onePositional(parsed, 'usage: gan-studio run <runId>') }),
  read: async (studio, input) => (await studio.dispatch('runs.get', input)) as RunSummary,
  json: (r) => ({ ...runFields(r), warnings: r.warnings }),
  lines: (r) => [
    line(r),
    `config (differs from defaults): ${JSON.stringify(r.configDiff)}`,
    `checkpoints: ${r.checkpoints.join(', ') || 'none'}`,
    `versions: app ${r.versions.app}, tfjs ${r.versions.tfjs ?? '?'}, backend ${r.versions.backend ?? '?'}`,
    ...(r.error ? [`error: ${r.error}`] : []),
    ...r.warnings.map((w) => `warning (step ${w.step}): ${w.message}`),
  ],
});
