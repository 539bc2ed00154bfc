import { ApiError } from '../../shared/api/errors';
import type { SampleBatch } from '../../shared/domain/sample';
import { onePositional, type CommandSpec } from '../args';
import { withStudio } from '../open-cli-studio';
import { waitForBatch } from './generate';

/**
 * `gan-studio translate <runId> (--input-dir DIR | --input-dataset D) --direction a2b|b2a [--checkpoint STEP|latest]`:
 * queues a translation job (the `samples.translate` call every face uses), waits for it with progress and prints
 * CONTRACT `{batchId, count}`. Ctrl-C cancels it; the translations made so far stay.
 */
export const translateCommand: CommandSpec = {
  name: 'translate',
  summary: 'translate images with a CycleGAN run (translate <runId> --input-dir DIR --direction a2b)',
  usage: 'gan-studio translate <runId> (--input-dir DIR | --input-dataset D) --direction a2b|b2a [--checkpoint STEP|latest] [--backend NAME] [--json]',
  options: { 'input-dir': { type: 'string' }, 'input-dataset': { type: 'string' }, direction: { type: 'string' }, checkpoint: { type: 'string' } },
  async run(parsed) {
    const runId = onePositional(parsed, `usage: ${translateCommand.usage}`);
    const direction = parsed.values.direction;
    if (typeof direction !== 'string' || !direction) throw new ApiError('bad_input', '--direction is needed: a2b or b2a');
    const rawStep = parsed.values.checkpoint ?? 'latest';
    const checkpoint = rawStep === 'latest' ? 'latest' as const : /^\d+$/.test(String(rawStep)) ? Number(rawStep) : null;
    if (checkpoint === null) throw new ApiError('bad_input', `--checkpoint must be a step or 'latest', not '${String(rawStep)}'`);
    const inputDir = parsed.values['input-dir'], inputDataset = parsed.values['input-dataset'];
    if ((typeof inputDir === 'string') === (typeof inputDataset === 'string')) throw new ApiError('bad_input', 'translate needs exactly one of --input-dir DIR or --input-dataset D');
    return withStudio(parsed, async (studio) => {
      const batch = (await studio.dispatch('samples.translate', {
        runId, direction, checkpoint, ...(typeof inputDir === 'string' ? { inputDir } : { inputDataset: inputDataset as string }),
      })) as SampleBatch;
      return waitForBatch(studio, batch.batchId, parsed.json, (b) => ({ batchId: b.batchId, count: b.count, status: b.status, direction }));
    }, { scheduler: true });
  },
};
