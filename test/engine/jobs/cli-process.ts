import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';
import { listCheckpoints } from '../../../src-main/engine/training/checkpoint';
import { writeShapesFolder } from '../training/shapes-dataset';

/** Helpers for tests that run the real `gan-studio` command, several processes on one home. */
export const BIN = join(__dirname, '..', '..', '..', 'bin', 'gan-studio.mjs');

/** Tiny cGAN settings: a step takes milliseconds, a checkpoint every 2 steps. */
export const TINY = ['--resolution', '28', '--batch', '4', '--width', '8', '--checkpoint-every', '2', '--sample-every', '2'];

export function cliSync(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) as Record<string, unknown> & { error?: { code: string; message: string } } };
}

export interface CliProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Resolves once stderr matches `re`. */
  waitStderr(re: RegExp, timeoutMs?: number): Promise<void>;
}

/** Starts `gan-studio args…` in the background, collecting its output. */
export function cliSpawn(args: string[]): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    for (const w of waiters.splice(0)) {
      if (w.re.test(err)) w.resolve();
      else waiters.push(w);
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child, exited, stdout: () => out, stderr: () => err,
    waitStderr: (re, timeoutMs = 60_000) => new Promise<void>((resolve, reject) => {
      if (re.test(err)) return resolve();
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re} in stderr:\n${err}`)), timeoutMs);
      waiters.push({ re, resolve: () => { clearTimeout(timer); resolve(); } });
      void exited.then(() => { if (!re.test(err)) { clearTimeout(timer); reject(new Error(`exited before ${re}; stderr:\n${err}`)); } });
    }),
  };
}

/** A home with a tiny labeled dataset `shapes` (3 classes × 6 images) imported. */
export async function homeWithShapes(root: string): Promise<string> {
  const home = join(root, 'home');
  await writeShapesFolder(join(root, 'shapes'), 6, 3);
  const r = cliSync(['import', join(root, 'shapes'), '--kind', 'labeled', '--name', 'shapes', '--home', home, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return home;
}

/**
 * The step a run resumes from: its job row's step or its newest full checkpoint on disk, whichever is later. After a
 * kill or a full disk the row can lag the checkpoints (progress is written at most once a second), and `resume
 * --steps N` wants N above both, as the studio says.
 */
export async function resumableStep(home: string, runId: string, rowStep: number): Promise<number> {
  const saved = (await listCheckpoints(join(home, 'runs', runId))).filter((c) => c.full).map((c) => c.step);
  return Math.max(rowStep, ...saved);
}
