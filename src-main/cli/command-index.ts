import type { CommandSpec } from './args';

/**
 * Every command in `--help` order: its name, the module under commands/ that defines it, and the summary `--help`
 * lists (the spec's own words: test/cli/command-index.test.ts holds them equal).
 */
const TABLE = `
info      info      show the version, the studio home and the compute backend
serve     serve     serve the studio UI and API on 127.0.0.1 for a browser
import    datasets  import a folder of images (one subfolder per class, or one domain) as a dataset version
datasets  datasets  list the datasets of the studio home
dataset   datasets  show one dataset (NAME, NAME@VERSION or an id)
train     train     train a model (train <model> <its datasets>: train --help lists every model and setting)
resume    resume    continue a run from its latest checkpoint (resume <runId> --steps N)
runs      runs      list training runs
run       runs      show one training run
generate  generate  generate N samples per class from a cgan or diffusion run (generate <runId> --per-class N)
translate translate translate images with a CycleGAN run (translate <runId> --input-dir DIR --direction a2b)
batches   batches   list generated and translated batches (the ids export takes)
export    export    write batches (optionally merged with real images) as an ImageFolder dataset
evaluate  evaluate  does it help? train a classifier on real, real + synthetic and synthetic only (evaluate <batchId>… --dataset D)
evaluations evaluations list stored evaluations side by side: gain, CAS, diversity, augmented copies (evaluations [batchId])
evaluation evaluations show one stored evaluation as evaluate printed it
lineage   lineage   trace an exported file (path or sha256) back to its run, checkpoint and real sources
delete    delete    delete a dataset, run, batch or export (delete run <runId> --yes); lineage keeps answering
rename    delete    rename a dataset (rename dataset <name> <new-name>)
bench     bench     measure training and import speed (one JSON line per workload), optionally beside PyTorch
`;

/** A command as `--help` lists it, and how to load the rest of it. */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<CommandSpec>;
}

const isSpec = (v: unknown): v is CommandSpec => typeof v === 'object' && v !== null && 'usage' in v && 'run' in v;

/** The spec named `name` among the exports of commands/`file`.ts. */
async function loadSpec(name: string, file: string): Promise<CommandSpec> {
  const exports = (await import(`./commands/${file}.ts`)) as Record<string, unknown>;
  const spec = Object.values(exports).find((v): v is CommandSpec => isSpec(v) && v.name === name);
  if (!spec) throw new Error(`commands/${file}.ts exports no command '${name}'`);
  return spec;
}

/**
 * Every command. A command's module is imported only when that command runs: each pulls in zod, the model registry
 * or the engine, and `gan-studio --help` or `runs` should not pay for the others (issue 15).
 */
export const COMMAND_INDEX: readonly CommandEntry[] = TABLE.trim().split('\n').map((line) => {
  const [, name, file, summary] = /^(\S+)\s+(\S+)\s+(.+)$/.exec(line)!;
  return { name: name!, summary: summary!, load: () => loadSpec(name!, file!) };
});

/** Every command's full spec (loads every command module: for tests and the wording of a misplaced flag). */
export function loadCommands(): Promise<CommandSpec[]> {
  return Promise.all(COMMAND_INDEX.map((c) => c.load()));
}
