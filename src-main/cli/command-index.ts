import type { CommandSpec } from './args';

/** A command as `--help` lists it, and how to load the rest of it. */
export interface CommandEntry {
  name: string;
  /** The same words as the spec's `summary` (test/cli/command-index.test.ts holds them equal). */
  summary: string;
  load(): Promise<CommandSpec>;
}

/**
 * Every command, in `--help` order. A command's module is imported only when that command runs: each pulls in zod,
 * the model registry or the engine, and `gan-studio --help` or `runs` should not pay for the others (issue 15).
 */
export const COMMAND_INDEX: readonly CommandEntry[] = [
  { name: 'info', summary: 'show the version, the studio home and the compute backend', load: async () => (await import('./commands/info')).infoCommand },
  { name: 'serve', summary: 'serve the studio UI and API on 127.0.0.1 for a browser', load: async () => (await import('./commands/serve')).serveCommand },
  {
    name: 'import', summary: 'import a folder of images (one subfolder per class, or one domain) as a dataset version',
    load: async () => (await import('./commands/datasets')).importCommand,
  },
  { name: 'datasets', summary: 'list the datasets of the studio home', load: async () => (await import('./commands/datasets')).datasetsCommand },
  { name: 'dataset', summary: 'show one dataset (NAME, NAME@VERSION or an id)', load: async () => (await import('./commands/datasets')).datasetCommand },
  {
    name: 'train', summary: 'train a model (train cgan --dataset D | train cyclegan --a D --b D | train template --dataset D)',
    load: async () => (await import('./commands/train')).trainCommand,
  },
  { name: 'resume', summary: 'continue a run from its latest checkpoint (resume <runId> --steps N)', load: async () => (await import('./commands/resume')).resumeCommand },
  { name: 'runs', summary: 'list training runs', load: async () => (await import('./commands/runs')).runsCommand },
  { name: 'run', summary: 'show one training run', load: async () => (await import('./commands/runs')).runCommand },
  {
    name: 'generate', summary: 'generate N samples per class from a cGAN run (generate <runId> --per-class N)',
    load: async () => (await import('./commands/generate')).generateCommand,
  },
  {
    name: 'translate', summary: 'translate images with a CycleGAN run (translate <runId> --input-dir DIR --direction a2b)',
    load: async () => (await import('./commands/translate')).translateCommand,
  },
  {
    name: 'batches', summary: 'list generated and translated batches (the ids export takes)',
    load: async () => (await import('./commands/batches')).batchesCommand,
  },
  {
    name: 'export', summary: 'write batches (optionally merged with real images) as an ImageFolder dataset',
    load: async () => (await import('./commands/export')).exportCommand,
  },
  {
    name: 'evaluate', summary: 'does it help? train a classifier on real, real + synthetic and synthetic only (evaluate <batchId>… --dataset D)',
    load: async () => (await import('./commands/evaluate')).evaluateCommand,
  },
  {
    name: 'lineage', summary: 'trace an exported file (path or sha256) back to its run, checkpoint and real sources',
    load: async () => (await import('./commands/lineage')).lineageCommand,
  },
  {
    name: 'delete', summary: 'delete a dataset, run, batch or export (delete run <runId> --yes); lineage keeps answering',
    load: async () => (await import('./commands/delete')).deleteCommand,
  },
  { name: 'rename', summary: 'rename a dataset (rename dataset <name> <new-name>)', load: async () => (await import('./commands/delete')).renameCommand },
  {
    name: 'bench', summary: 'measure training and import speed (one JSON line per workload), optionally beside PyTorch',
    load: async () => (await import('./commands/bench')).benchCommand,
  },
];

/** Every command's full spec (loads every command module: for tests and the wording of a misplaced flag). */
export function loadCommands(): Promise<CommandSpec[]> {
  return Promise.all(COMMAND_INDEX.map((c) => c.load()));
}
