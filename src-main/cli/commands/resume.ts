import { ApiError } from '../../shared/api/errors';
import type { RunSummary } from '../../shared/domain/run';
import type { CommandSpec } from '../args';
import { openCliStudio } from '../open-cli-studio';
import { waitForRun } from './run-wait';
import { intFlag } from '../args';

/** `gan-studio resume <runId> --steps N`: continues a run from its latest checkpoint up to N steps in total. */
export const resumeCommand: CommandSpec = {
  name: 'resume',
  summary: 'continue a run from its latest checkpoint (resume <runId> --steps N)',
  usage: 'gan-studio resume <runId> [--steps N] [--backend NAME] [--json]',
  options: { steps: { type: 'string' } },
  async run(parsed) {
    const [runId, ...rest] = parsed.positionals;
    if (!runId || rest.length) throw new ApiError('bad_input', 'usage: gan-studio resume <runId> --steps N');
    const steps = intFlag(parsed, 'steps');
    const studio = await openCliStudio(parsed, { scheduler: true });
    try {
      const run = (await studio.dispatch('runs.resume', { runId, ...(steps ? { steps } : {}) })) as RunSummary;
      if (!parsed.json) process.stderr.write(`run ${run.runId} continues from step ${run.step} to ${run.config.steps}\n`);
      return await waitForRun(studio, run.runId, parsed.json);
    } finally {
      await studio.close();
    }
  },
};
