import { ApiError } from '../../shared/api/errors';
import { resolveBackend } from '../../engine/compute/resolve-backend';
import { openDatabase } from '../../engine/db/database';
import { ensureHome, resolveHomePath } from '../../engine/home/studio-home';
import { translateToBatch } from '../../engine/translation/translate';
import type { CommandSpec } from '../args';
import { backendFlag } from '../open-cli-studio';
import { EXIT, printJson, printLines } from '../output';

/**
 * `gan-studio translate <runId> (--input-dir DIR | --input-dataset D) --direction a2b|b2a [--checkpoint STEP|latest]`:
 * translates every image through a CycleGAN checkpoint into a new generated batch, in this process; prints
 * CONTRACT `{batchId, count}`.
 */
export const translateCommand: CommandSpec = {
  name: 'translate',
  summary: 'translate images with a CycleGAN run (translate <runId> --input-dir DIR --direction a2b)',
  usage: 'gan-studio translate <runId> (--input-dir DIR | --input-dataset D) --direction a2b|b2a [--checkpoint STEP|latest] [--backend NAME] [--json]',
  options: { 'input-dir': { type: 'string' }, 'input-dataset': { type: 'string' }, direction: { type: 'string' }, checkpoint: { type: 'string' } },
  async run(parsed) {
    const [runId, ...rest] = parsed.positionals;
    if (!runId || rest.length) throw new ApiError('bad_input', `usage: ${translateCommand.usage}`);
    const direction = parsed.values.direction;
    if (direction !== 'a2b' && direction !== 'b2a') throw new ApiError('bad_input', `--direction must be a2b or b2a, not '${String(direction ?? '')}'`);
    const rawStep = parsed.values.checkpoint ?? 'latest';
    const checkpoint = rawStep === 'latest' ? 'latest' as const : Number(rawStep);
    if (checkpoint !== 'latest' && (!Number.isInteger(checkpoint) || checkpoint < 0)) {
      throw new ApiError('bad_input', `--checkpoint must be a step or 'latest', not '${String(rawStep)}'`);
    }
    const inputDir = parsed.values['input-dir'], inputDataset = parsed.values['input-dataset'];
    if ((typeof inputDir === 'string') === (typeof inputDataset === 'string')) throw new ApiError('bad_input', 'translate needs exactly one of --input-dir DIR or --input-dataset D');
    const backend = backendFlag(parsed);
    const home = resolveHomePath(parsed.home);
    const db = openDatabase(ensureHome(home).database);
    try {
      const resolved = await resolveBackend(backend ? { force: backend } : {});
      const result = await translateToBatch(db, home, {
        runId, direction, checkpoint, ...(typeof inputDir === 'string' ? { inputDir } : { inputDataset: inputDataset as string }),
      }, resolved.report.active);
      if (parsed.json) printJson(result);
      else printLines([`batch ${result.batchId}: ${result.count} image(s) translated ${direction === 'a2b' ? 'A → B' : 'B → A'}`]);
      return EXIT.ok;
    } finally {
      db.close();
    }
  },
};
