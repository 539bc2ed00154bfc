import { ApiError } from '../../shared/api/errors';
import type { RunSummary } from '../../shared/domain/run';
import { listModelInfo } from '../../engine/models/registry';
import type { CommandSpec } from '../args';
import { modelFlagKinds, modelFlagOptions, modelHelp, runInputFromFlags } from '../model-flags';
import { withStudio } from '../open-cli-studio';
import { waitForRun } from './run-wait';

const MODELS = listModelInfo();

/**
 * `gan-studio train <model> <dataset flags> [...]`: queues a run, trains it (in this process's job host, or in the
 * app that holds the queue) and prints `{runId, status, step, checkpoints}` when it ends. Ctrl-C: checkpoint, exit
 * 130. Every model's flags and their help come from its annotated config.
 */
export const trainCommand: CommandSpec = {
  name: 'train',
  // Fixed words, not the registry's models: `--help` lists it without loading the models (cli/command-index.ts).
  summary: 'train a model (train <model> <its datasets>: train --help lists every model and setting)',
  usage: ['gan-studio train <model> <datasets> [--preset NAME] [options] [--backend NAME] [--json]', '', ...MODELS.flatMap((m) => [...modelHelp(m), ''])].join('\n'),
  options: modelFlagOptions(MODELS),
  kinds: modelFlagKinds(MODELS),
  async run(parsed) {
    const [kind, ...rest] = parsed.positionals;
    const model = MODELS.find((m) => m.kind === kind);
    if (!model || rest.length) {
      throw new ApiError('bad_input', `usage: ${MODELS.map((m) => `gan-studio train ${m.kind} ${m.datasets.map((r) => `--${r.flag} D`).join(' ')} [options]`).join(' | ')}`);
    }
    const input = runInputFromFlags(model, MODELS, parsed.values);
    return withStudio(parsed, async (studio) => {
      const run = (await studio.dispatch('runs.create', input)) as RunSummary;
      for (const w of run.warnings) process.stderr.write(`note: ${w.message}\n`);
      if (!parsed.json) process.stderr.write(`run ${run.runId} queued: ${run.kind}, ${run.config.steps} steps, batch ${run.config.batch}, ${run.config.resolution}px\n`);
      return waitForRun(studio, run.runId, parsed.json);
    }, { scheduler: true });
  },
};
