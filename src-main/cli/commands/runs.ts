import { ApiError } from '../../shared/api/errors';
import type { RunSummary } from '../../shared/domain/run';
import type { CommandSpec } from '../args';
import { withStudio } from '../open-cli-studio';
import { EXIT, printJson, printLines } from '../output';
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
      if (parsed.json) printJson(runs.map(runFields));
      else printLines(runs.length ? runs.map(line) : ['No runs yet: gan-studio train cgan --dataset NAME']);
      return EXIT.ok;
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
    const [runId, ...rest] = parsed.positionals;
    if (!runId || rest.length) throw new ApiError('bad_input', 'usage: gan-studio run <runId>');
    return withStudio(parsed, async (studio) => {
      const r = (await studio.dispatch('runs.get', { runId })) as RunSummary;
      if (parsed.json) printJson({ ...runFields(r), warnings: r.warnings });
      else {
        printLines([
          line(r),
          `config (differs from defaults): ${JSON.stringify(r.configDiff)}`,
          `checkpoints: ${r.checkpoints.join(', ') || 'none'}`,
          `versions: app ${r.versions.app}, tfjs ${r.versions.tfjs ?? '?'}, backend ${r.versions.backend ?? '?'}`,
          ...(r.error ? [`error: ${r.error}`] : []),
          ...r.warnings.map((w) => `warning (step ${w.step}): ${w.message}`),
        ]);
      }
      return EXIT.ok;
    });
  },
};
