import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeShapesFolder } from '../engine/training/shapes-dataset';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gan-studio.mjs');

/** `gan-studio ARGS --json` as a user runs it: its JSON, or an error with its stderr. */
export function cli(args: string[]): Record<string, unknown> {
  const r = spawnSync(process.execPath, [BIN, ...args, '--json'], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`gan-studio ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

export interface SeededHome { home: string; root: string; runId: string; batchId: string }

/**
 * A home made with the CLI as a user would: the 'shapes' dataset (3 classes of 28 px), a 2-step tiny cGAN run and a
 * batch of 2 images per class; plus `extra` imported as 'spare' (a dataset no run uses) when asked.
 */
export async function seedHome(opts: { spare?: boolean } = {}): Promise<SeededHome> {
  const root = mkdtempSync(join(tmpdir(), 'gan-studio-e2e-seed-'));
  const home = join(root, 'home');
  await writeShapesFolder(join(root, 'shapes'), 6, 3);
  cli(['import', join(root, 'shapes'), '--kind', 'labeled', '--name', 'shapes', '--home', home]);
  if (opts.spare) {
    await writeShapesFolder(join(root, 'spare'), 4, 2);
    cli(['import', join(root, 'spare'), '--kind', 'labeled', '--name', 'spare', '--home', home]);
  }
  const run = cli(['train', 'cgan', '--dataset', 'shapes', '--steps', '2', '--resolution', '28', '--batch', '4', '--width', '8', '--checkpoint-every', '2', '--sample-every', '2', '--home', home]);
  const batch = cli(['generate', String(run.runId), '--per-class', '2', '--home', home]);
  return { home, root, runId: String(run.runId), batchId: String(batch.batchId) };
}
