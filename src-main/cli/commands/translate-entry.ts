import type { CommandSpec } from '../args';

/**
 * `translate` as the command list sees it: its name, words and flags, with the command itself loaded only when it
 * runs. translate.ts imports the translation engine (tfjs, sharp) at the top, which cost every other command
 * ~0.5 s of start-up; a test keeps these fields equal to translate.ts's own.
 */
export const translateEntry: CommandSpec = {
  name: 'translate',
  summary: 'translate images with a CycleGAN run (translate <runId> --input-dir DIR --direction a2b)',
  usage: 'gan-studio translate <runId> (--input-dir DIR | --input-dataset D) --direction a2b|b2a [--checkpoint STEP|latest] [--backend NAME] [--json]',
  options: { 'input-dir': { type: 'string' }, 'input-dataset': { type: 'string' }, direction: { type: 'string' }, checkpoint: { type: 'string' } },
  run: async (parsed) => (await import('./translate')).translateCommand.run(parsed),
};
