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

function cganInput(parsed: ParsedCommand): Record<string, unknown> {
  const dataset = parsed.values.dataset;
  if (typeof dataset !== 'string' || !dataset) throw new ApiError('bad_input', 'train cgan needs --dataset NAME (a labeled dataset: gan-studio datasets)');
  for (const f of ['a', 'b', 'disc-width', 'res-blocks']) if (parsed.values[f] !== undefined) throw new ApiError('bad_input', `--${f} is for train cyclegan`);
  return { kind: 'cgan', dataset, config: configFlags(parsed) };
}

/** `train cyclegan --a D --b D`: the shared flags; the cGAN-only ones are refused by name. */
function cycleganInput(parsed: ParsedCommand): Record<string, unknown> {
  const { a, b } = parsed.values;
  if (typeof a !== 'string' || !a || typeof b !== 'string' || !b) {
    throw new ApiError('bad_input', 'train cyclegan needs --a NAME and --b NAME (two domain datasets: gan-studio datasets)');
  }
  for (const f of ['dataset', 'loss', 'd-head', 'augment', 'ema', 'label-smoothing']) {
    if (parsed.values[f] !== undefined) throw new ApiError('bad_input', `--${f} is a cGAN option: train cyclegan does not take it`);
  }
  const { resolution, steps, batch, seed, width, lrG, lrD, checkpointEvery, sampleEvery } = configFlags(parsed);
  const config = { resolution, steps, batch, seed, width, lrG, lrD, checkpointEvery, sampleEvery,
    discWidth: intFlag(parsed, 'disc-width'), resBlocks: intFlag(parsed, 'res-blocks') };
  return { kind: 'cyclegan', a, b, config: Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) };
}

/**
 * `gan-studio train cgan --dataset D [...]` / `train cyclegan --a D --b D [...]`: queues a run, trains it (in this process's job host, or in the app
 * that holds the queue) and prints `{runId, status, step, checkpoints}` when it ends. Ctrl-C: checkpoint, exit 130.
 */
export const trainCommand: CommandSpec = {
  name: 'train',
  summary: 'train a model (train cgan --dataset D | train cyclegan --a D --b D)',
  usage: 'gan-studio train cgan --dataset D [--resolution 28|32|64|128] [--steps N] [--batch B] [--seed S] [--preset quick|balanced|best] ' +
    '[--width W] [--loss bce|hinge|lsgan] [--d-head projection|label-channel] [--augment auto|on|off] [--ema DECAY] [--lr-g LR] [--lr-d LR] ' +
    '[--label-smoothing S] [--checkpoint-every K] [--sample-every N] [--backend NAME] [--json]\n' +
    '       gan-studio train cyclegan --a D --b D [--resolution 32|64|128|256] [--steps N] [--batch B] [--seed S] [--preset quick|balanced|best] ' +
    '[--width W] [--disc-width W] [--res-blocks N] [--lr-g LR] [--lr-d LR] [--checkpoint-every K] [--sample-every N] [--backend NAME] [--json]',
  options: {
    dataset: { type: 'string' }, a: { type: 'string' }, b: { type: 'string' }, 'disc-width': { type: 'string' }, 'res-blocks': { type: 'string' }, resolution: { type: 'string' }, steps: { type: 'string' }, batch: { type: 'string' }, seed: { type: 'string' },
    preset: { type: 'string' }, width: { type: 'string' }, loss: { type: 'string' }, 'd-head': { type: 'string' }, augment: { type: 'string' },
    ema: { type: 'string' }, 'lr-g': { type: 'string' }, 'lr-d': { type: 'string' }, 'label-smoothing': { type: 'string' },
    'checkpoint-every': { type: 'string' }, 'sample-every': { type: 'string' },
  },
  async run(parsed) {
    const [model, ...rest] = parsed.positionals;
    if ((model !== 'cgan' && model !== 'cyclegan') || rest.length) {
      throw new ApiError('bad_input', 'usage: gan-studio train cgan --dataset D [options] | gan-studio train cyclegan --a D --b D [options]');
    }
    const preset = choiceFlag<PresetName>(parsed, 'preset', PRESET_NAMES);
    const input = model === 'cgan' ? cganInput(parsed) : cycleganInput(parsed);
    const studio = await openCliStudio(parsed, { scheduler: true });
    try {
      const run = (await studio.dispatch('runs.create', { ...input, ...(preset ? { preset } : {}) })) as RunSummary;
      for (const w of run.warnings) process.stderr.write(`note: ${w.message}\n`);
      if (!parsed.json) process.stderr.write(`run ${run.runId} queued: ${run.kind}, ${run.config.steps} steps, batch ${run.config.batch}, ${run.config.resolution}px\n`);
      return await waitForRun(studio, run.runId, parsed.json);
    } finally {
      await studio.close();
    }
  },
};
