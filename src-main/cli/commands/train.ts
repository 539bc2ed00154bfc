import { ApiError } from '../../shared/api/errors';
import type { RunSummary } from '../../shared/domain/run';
import { PRESET_NAMES, type CganConfigInput, type PresetName } from '../../shared/domain/run-config';
import type { CommandSpec, ParsedCommand } from '../args';
import { openCliStudio } from '../open-cli-studio';
import { waitForRun } from './run-wait';

/** A positive integer flag, or undefined; anything else is bad usage. */
export function intFlag(parsed: ParsedCommand, name: string, min = 1): number | undefined {
  const raw = parsed.values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new ApiError('bad_input', `--${name} must be a whole number ≥ ${min}, not '${String(raw)}'`);
  return n;
}

function numberFlag(parsed: ParsedCommand, name: string): number | undefined {
  const raw = parsed.values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new ApiError('bad_input', `--${name} must be a number, not '${String(raw)}'`);
  return n;
}

function choiceFlag<T extends string>(parsed: ParsedCommand, name: string, choices: readonly T[]): T | undefined {
  const raw = parsed.values[name];
  if (raw === undefined) return undefined;
  if (!choices.includes(raw as T)) throw new ApiError('bad_input', `--${name} must be one of ${choices.join(', ')}, not '${String(raw)}'`);
  return raw as T;
}

/** Explicit flags → config fields (only those given: they override the preset). */
function configFlags(parsed: ParsedCommand): CganConfigInput {
  const c: CganConfigInput = {
    resolution: intFlag(parsed, 'resolution'), steps: intFlag(parsed, 'steps'), batch: intFlag(parsed, 'batch'), seed: intFlag(parsed, 'seed', 0),
    width: intFlag(parsed, 'width'), loss: choiceFlag(parsed, 'loss', ['bce', 'hinge', 'lsgan'] as const),
    dHead: choiceFlag(parsed, 'd-head', ['projection', 'label-channel'] as const),
    diffAugment: choiceFlag(parsed, 'augment', ['auto', 'on', 'off'] as const), emaDecay: numberFlag(parsed, 'ema'),
    lrG: numberFlag(parsed, 'lr-g'), lrD: numberFlag(parsed, 'lr-d'), labelSmoothing: numberFlag(parsed, 'label-smoothing'),
    checkpointEvery: intFlag(parsed, 'checkpoint-every'), sampleEvery: intFlag(parsed, 'sample-every'),
  };
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as CganConfigInput;
}

/**
 * `gan-studio train cgan --dataset D [...]`: queues a run, trains it (in this process's job host, or in the app
 * that holds the queue) and prints `{runId, status, step, checkpoints}` when it ends. Ctrl-C: checkpoint, exit 130.
 */
export const trainCommand: CommandSpec = {
  name: 'train',
  summary: 'train a model on a dataset (train cgan --dataset D)',
  usage: 'gan-studio train cgan --dataset D [--resolution 28|32|64|128] [--steps N] [--batch B] [--seed S] [--preset quick|balanced|best] ' +
    '[--width W] [--loss bce|hinge|lsgan] [--d-head projection|label-channel] [--augment auto|on|off] [--ema DECAY] [--lr-g LR] [--lr-d LR] ' +
    '[--label-smoothing S] [--checkpoint-every K] [--sample-every N] [--backend NAME] [--json]',
  options: {
    dataset: { type: 'string' }, resolution: { type: 'string' }, steps: { type: 'string' }, batch: { type: 'string' }, seed: { type: 'string' },
    preset: { type: 'string' }, width: { type: 'string' }, loss: { type: 'string' }, 'd-head': { type: 'string' }, augment: { type: 'string' },
    ema: { type: 'string' }, 'lr-g': { type: 'string' }, 'lr-d': { type: 'string' }, 'label-smoothing': { type: 'string' },
    'checkpoint-every': { type: 'string' }, 'sample-every': { type: 'string' },
  },
  async run(parsed) {
    const [model, ...rest] = parsed.positionals;
    if (model === 'cyclegan') throw new ApiError('bad_input', 'train cyclegan is not available in this build yet: use train cgan');
    if (model !== 'cgan' || rest.length) throw new ApiError('bad_input', 'usage: gan-studio train cgan --dataset D [options]');
    const dataset = parsed.values.dataset;
    if (typeof dataset !== 'string' || !dataset) throw new ApiError('bad_input', 'train cgan needs --dataset NAME (a labeled dataset: gan-studio datasets)');
    const preset = choiceFlag<PresetName>(parsed, 'preset', PRESET_NAMES);
    const config = configFlags(parsed);
    const studio = await openCliStudio(parsed, { scheduler: true });
    try {
      const run = (await studio.dispatch('runs.create', { kind: 'cgan', dataset, ...(preset ? { preset } : {}), config })) as RunSummary;
      for (const w of run.warnings) process.stderr.write(`note: ${w.message}\n`);
      if (!parsed.json) process.stderr.write(`run ${run.runId} queued: ${run.config.steps} steps, batch ${run.config.batch}, ${run.config.resolution}px\n`);
      return await waitForRun(studio, run.runId, parsed.json);
    } finally {
      await studio.close();
    }
  },
};
