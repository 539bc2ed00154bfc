import type { RunSummary } from '../../shared/domain/run';
import { onePositional, type CommandSpec } from '../args';
import { withStudio } from '../open-cli-studio';
import { printResult } from '../output';
import { runFields } from './run-wait';

const line = (r: RunSummary): string =>
  `${r.runId}  ${r.kind.padEnd(7)} ${r.status.padEnd(11)} step ${String(r.step).padStart(6)}/${r.totalSteps}  ${r.datasets.map((d) => d.name).join(', ')}  ${r.config.resolution}px  ${r.backend ?? ''}`;

/** `gan-studio runs`: every run, newest first. */
export const runsCommand: CommandSpec = {
  name: 'runs',
  summary: 'list training runs',
  usage: 'gan-studio runs [--json]',
  options: {},
  async run(parsed) {
    return withStudio(parsed, async (studio) => {
      const { runs } = (await studio.dispatch('runs.list', {})) as { runs: RunSummary[] };
      return printResult(parsed.json, runs.map(runFields), () => (runs.length ? runs.map(line) : ['No runs yet: gan-studio train cgan --dataset NAME']));
    });
  },
};

/** `gan-studio run <runId>`: one run with its config, checkpoints and warnings. */
export const runCommand: CommandSpec = {
  name: 'run',
  summary: 'show one training run',
  usage: 'gan-studio run <runId> [--json]',
  options: {},
  async run(parsed) {
    const runId = onePositional(parsed, 'usage: gan-studio run <runId>');
    return withStudio(parsed, async (studio) => {
      const r = (await studio.dispatch('runs.get', { runId })) as RunSummary;
      return printResult(parsed.json, { ...runFields(r), warnings: r.warnings }, () => [
        line(r),
        `config (differs from defaults): ${JSON.stringify(r.configDiff)}`,
        `checkpoints: ${r.checkpoints.join(', ') || 'none'}`,
        `versions: app ${r.versions.app}, tfjs ${r.versions.tfjs ?? '?'}, backend ${r.versions.backend ?? '?'}`,
        ...(r.error ? [`error: ${r.error}`] : []),
        ...r.warnings.map((w) => `warning (step ${w.step}): ${w.message}`),
      ]);
    });
  },
};
