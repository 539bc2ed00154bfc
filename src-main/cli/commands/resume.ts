import type { RunSummary } from '../../shared/domain/run';
import { intFlag, onePositional, type CommandSpec } from '../args';
import { withStudio } from '../open-cli-studio';
import { waitForRun } from './run-wait';

/** `gan-studio resume <runId> --steps N`: continues a run from its latest checkpoint up to N steps in total. */
export const resumeCommand: CommandSpec = {
  name: 'resume',
  summary: 'continue a run from its latest checkpoint (resume <runId> --steps N)',
  usage: 'gan-studio resume <runId> [--steps N] [--backend NAME] [--json]',
  options: { steps: { type: 'string' } },
  async run(parsed) {
    const runId = onePositional(parsed, 'usage: gan-studio resume <runId> --steps N');
    const steps = intFlag(parsed, 'steps');
    return withStudio(parsed, async (studio) => {
      const run = (await studio.dispatch('runs.resume', { runId, ...(steps ? { steps } : {}) })) as RunSummary;
      if (!parsed.json) process.stderr.write(`run ${run.runId} continues from step ${run.step} to ${run.config.steps}\n`);
      return waitForRun(studio, run.runId, parsed.json);
    }, { scheduler: true });
  },
};
