import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeShapesFolder } from '../engine/training/shapes-dataset';
import { useTempDirs } from '../helpers/temp-dir';

const BIN = join(__dirname, '..', '..', 'bin', 'gan-studio.mjs');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
}

const TINY = ['--resolution', '28', '--batch', '4', '--width', '8', '--checkpoint-every', '2', '--sample-every', '2'];

describe('gan-studio train / resume / runs / run', () => {
  const tempDir = useTempDirs();

  async function homeWithShapes(): Promise<string> {
    const root = tempDir();
    const home = join(root, 'home');
    await writeShapesFolder(join(root, 'shapes'), 6, 3);
    expect(cli(['import', join(root, 'shapes'), '--kind', 'labeled', '--name', 'shapes', '--home', home, '--json']).code).toBe(0);
    return home;
  }

  it('train cgan --json trains end to end and prints {runId, status, step, checkpoints}; runs, run and resume work on it', async () => {
    const home = await homeWithShapes();
    const r = cli(['train', 'cgan', '--dataset', 'shapes', '--steps', '4', ...TINY, '--seed', '1', '--home', home, '--json']);
    expect(r.stderr).not.toMatch(/gan-studio:/);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const done = r.json();
    expect(done).toMatchObject({ runId: expect.any(String), status: 'completed', step: 4, checkpoints: [2, 4] });

    const list = cli(['runs', '--json', '--home', home]).json() as Record<string, unknown>[];
    expect(list).toHaveLength(1);
    expect(Object.keys(list[0]!)).toEqual(expect.arrayContaining(['runId', 'kind', 'status', 'step', 'datasets', 'backend', 'config']));
    const one = cli(['run', done.runId, '--json', '--home', home]).json();
    expect(one).toMatchObject({ runId: done.runId, kind: 'cgan', status: 'completed', step: 4, backend: 'wasm',
      datasets: [{ name: 'shapes' }], config: { steps: 4, batch: 4, seed: 1, resolution: 28 }, versions: { tfjs: '4.22.0', backend: 'wasm' } });

    const same = cli(['resume', done.runId, '--steps', '4', '--home', home, '--json']);
    expect(same.code).toBe(2);
    expect(same.json().error.message).toMatch(/not above .* current step 4/);
    const more = cli(['resume', done.runId, '--steps', '6', '--home', home, '--json']);
    expect(more.code).toBe(0);
    expect(more.json()).toMatchObject({ runId: done.runId, status: 'completed', step: 6, checkpoints: [2, 4, 6] });
    expect(cli(['run', 'nope', '--home', home, '--json']).code).toBe(2);
  }, 180_000); // seven CLI processes: ~40 s alone, past a minute on a loaded machine

  it('bad input exits 2 with one line: a resolution not offered, a missing dataset, a batch above the dataset', async () => {
    const home = await homeWithShapes();
    for (const args of [['--resolution', '48'], ['--batch', '999'], ['--preset', 'fastest']]) {
      const r = cli(['train', 'cgan', '--dataset', 'shapes', ...args, '--home', home, '--json']);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(cli(['train', 'cgan', '--dataset', 'nope', '--home', home, '--json']).json().error.code).toBe('not_found');
  });

  it('Ctrl-C stops the run cleanly with a checkpoint and exits 130', async () => {
    const home = await homeWithShapes();
    const child = spawn(process.execPath, [BIN, 'train', 'cgan', '--dataset', 'shapes', '--steps', '100000', ...TINY, '--home', home, '--json'],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const progressed = new Promise<void>((resolve) => child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (/run \w+ .* [1-9]\d*\/100000/.test(stderr)) resolve();
    }));
    await progressed;
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    const out = JSON.parse(stdout) as { runId: string; status: string; step: number; checkpoints: number[] };
    expect(out.status).toBe('stopped');
    expect(out.step).toBeGreaterThan(0);
    expect(out.checkpoints.at(-1)).toBe(out.step);
  });
});
