import { createInterface } from 'node:readline/promises';
import { ApiError } from '../../shared/api/errors';
import type { DeletePlan } from '../../shared/domain/cleanup';
import type { CommandSpec } from '../args';
import { withStudio } from '../open-cli-studio';
import { EXIT, printResult } from '../output';

const KINDS = ['dataset', 'run', 'batch', 'export'] as const;

/** Bytes for people: 23.4 MB. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n, u = -1;
  do { v /= 1000; u++; } while (v >= 1000 && u < units.length - 1);
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

/** Asks once on a terminal; anything but y/yes is no. */
async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

/**
 * `gan-studio delete dataset|run|batch|export <id> [--yes]`: says what goes, what stays and the space freed, asks
 * once on a terminal (without one, `--yes` is required), then deletes. Rows stay, marked deleted, so lineage keeps
 * answering; a user's source folders are never touched.
 */
export const deleteCommand: CommandSpec = {
  name: 'delete',
  summary: 'delete a dataset, run, batch or export (delete run <runId> --yes); lineage keeps answering',
  usage: 'gan-studio delete dataset|run|batch|export <id> [--yes] [--json]',
  options: { yes: { type: 'boolean' } },
  async run(parsed) {
    const [kind, id, ...rest] = parsed.positionals;
    if (!KINDS.includes(kind as (typeof KINDS)[number]) || !id || rest.length) throw new ApiError('bad_input', `usage: ${deleteCommand.usage}`);
    return withStudio(parsed, async (studio) => {
      const target = { kind: kind as (typeof KINDS)[number], id };
      const plan = (await studio.dispatch('cleanup.plan', target)) as DeletePlan;
      if (plan.blockers.length) throw new ApiError('conflict', `cannot delete ${plan.name}: ${plan.blockers.join('; ')}`);
      if (parsed.values.yes !== true) {
        if (!process.stdin.isTTY) throw new ApiError('bad_input', `deleting ${plan.name} frees ${formatBytes(plan.freedBytes)}: pass --yes to confirm (no terminal to ask on)`);
        process.stderr.write(`${plan.name}: frees ${formatBytes(plan.freedBytes)}; keeps ${plan.keeps.join('; ')}\n`);
        if (!(await confirm(`Delete ${plan.name}?`))) {
          process.stderr.write('nothing deleted\n');
          return EXIT.usage;
        }
      }
      const done = (await studio.dispatch('cleanup.delete', target)) as DeletePlan;
      return printResult(parsed.json, done, () => [`deleted ${done.name}: ${formatBytes(done.freedBytes)} freed`]);
    });
  },
};

/** `gan-studio rename dataset <name> <new-name>`. */
export const renameCommand: CommandSpec = {
  name: 'rename',
  summary: 'rename a dataset (rename dataset <name> <new-name>)',
  usage: 'gan-studio rename dataset <name> <new-name> [--json]',
  options: {},
  async run(parsed) {
    const [kind, from, to, ...rest] = parsed.positionals;
    if (kind !== 'dataset' || !from || !to || rest.length) throw new ApiError('bad_input', `usage: ${renameCommand.usage}`);
    return withStudio(parsed, async (studio) => {
      const r = (await studio.dispatch('datasets.rename', { dataset: from, name: to })) as { datasetId: string; name: string };
      return printResult(parsed.json, r, () => [`dataset ${from} is now '${r.name}'`]);
    });
  },
};
