import type { BenchOptions } from '../../bench/run-bench';
import { ApiError } from '../../shared/api/errors';
import type { CommandSpec } from '../args';
import { backendFlag } from '../open-cli-studio';
import { EXIT, printJson } from '../output';

const positiveInt = (raw: unknown, flag: string): number | undefined => {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new ApiError('bad_input', `${flag} must be a whole number above 0`);
  return n;
};

/** `gan-studio bench [WORKLOAD…] [--vs-torch]`: one CONTRACT JSON line per workload, always. */
export const benchCommand: CommandSpec = {
  name: 'bench',
  summary: 'measure training and import speed (one JSON line per workload), optionally beside PyTorch',
  usage: 'gan-studio bench [cgan28 cgan64 cyclegan64 import-png28 import-jpeg1024 import-rss generate28 export100k train-rss gallery100k cli-start] [--vs-torch] [--backend NAME] [--steps N] [--warmup N]',
  options: { 'vs-torch': { type: 'boolean' }, steps: { type: 'string' }, warmup: { type: 'string' } },
  async run(parsed) {
    const backend = backendFlag(parsed);
    const steps = positiveInt(parsed.values.steps, '--steps');
    const warmup = parsed.values.warmup === '0' ? 0 : positiveInt(parsed.values.warmup, '--warmup');
    const opts: BenchOptions = {
      vsTorch: parsed.values['vs-torch'] === true,
      ...(backend ? { backend } : {}),
      ...(steps ? { steps } : {}),
      ...(warmup !== undefined ? { warmup } : {}),
    };
    const { runBench } = await import('../../bench/run-bench');
    for await (const line of runBench(parsed.positionals, opts)) printJson(line);
    return EXIT.ok;
  },
};
