import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/engine/db/database';
import { ensureHome } from '../../src-main/engine/home/studio-home';
import { importDomain } from '../engine/training/cyclegan-fixture';
import { setupRunHome } from '../engine/training/run-fixture';
import { useTempDirs } from '../helpers/temp-dir';

const BIN = join(__dirname, '..', '..', 'bin', 'gan-studio.mjs');

/**
 * The CLI on Dawn's OpenGL ES path over Mesa llvmpipe: a software adapter (correctness only) 10–20× faster than
 * SwiftShader, and the one these tests can afford (a cgan step ~0.3 s there, ~5 s on SwiftShader, on 2 cores).
 */
const ENV = { ...process.env, GAN_STUDIO_WEBGPU_API: 'opengles' };

async function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; json: () => Record<string, unknown> }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  return { code, stdout, stderr, json: () => JSON.parse(stdout) as Record<string, unknown> };
}

/** Checks that a train or resume command ended well, on the forced software adapter; returns the run id. */
function ranOnWebgpu(r: Awaited<ReturnType<typeof cli>>, step: number, checkpoints: number[]): string {
  expect(r.stderr).toMatch(/warn: WebGPU runs on the software adapter .*Mesa.*testing only/); // forced: the user is told
  expect(r.code, r.stderr.slice(-400)).toBe(0);
  const done = r.json();
  expect(done).toMatchObject({ status: 'completed', step, checkpoints });
  return String(done.runId);
}

/** `run --json` after a resume on webgpu: the run's backend, and the versions recorded with it. */
async function expectBackendWebgpu(home: string, runId: string): Promise<void> {
  expect((await cli(['run', runId, '--home', home, '--json'])).json()).toMatchObject({ backend: 'webgpu', step: 3, versions: { backend: 'webgpu' } });
}

describe('training on WebGPU from the CLI (software adapter)', () => {
  const tempDir = useTempDirs();

  it('train cgan --backend webgpu completes and resumes there, backend webgpu in run --json; generate on webgpu', { timeout: 240_000 }, async () => {
    // the dataset is imported in this process (real files and database): the CLI processes are the costly part
    const { home, db } = await setupRunHome(tempDir(), { perClass: 4, classes: 2 });
    db.close();
    const tiny = ['--resolution', '28', '--batch', '2', '--width', '8', '--checkpoint-every', '2', '--sample-every', '2', '--backend', 'webgpu', '--home', home, '--json'];
    const runId = ranOnWebgpu(await cli(['train', 'cgan', '--dataset', 'shapes', '--steps', '2', ...tiny]), 2, [2]);
    ranOnWebgpu(await cli(['resume', runId, '--steps', '3', '--backend', 'webgpu', '--home', home, '--json']), 3, [2, 3]);
    await expectBackendWebgpu(home, runId);
    const g = await cli(['generate', runId, '--per-class', '1', '--backend', 'webgpu', '--home', home, '--json']);
    expect(g.code, g.stderr.slice(-400)).toBe(0);
    expect(g.json()).toMatchObject({ count: 2, perClass: { circle: 1, square: 1 }, checkpointStep: 3 });
  });

  it('train cyclegan --backend webgpu completes and resumes there, backend webgpu in run --json; translate on webgpu', { timeout: 240_000 }, async () => {
    const root = tempDir();
    const home = join(root, 'home');
    ensureHome(home);
    const db = openDatabase(join(home, 'studio.db'));
    await importDomain(db, home, root, 'red', 10, 0);
    await importDomain(db, home, root, 'blue', 10, 1);
    db.close();
    const tiny = ['--resolution', '32', '--batch', '1', '--width', '8', '--disc-width', '8', '--res-blocks', '1', '--pool-size', '2',
      '--checkpoint-every', '2', '--sample-every', '2', '--backend', 'webgpu', '--home', home, '--json'];
    const runId = ranOnWebgpu(await cli(['train', 'cyclegan', '--a', 'red', '--b', 'blue', '--steps', '2', ...tiny]), 2, [2]);
    ranOnWebgpu(await cli(['resume', runId, '--steps', '3', '--backend', 'webgpu', '--home', home, '--json']), 3, [2, 3]);
    await expectBackendWebgpu(home, runId);
    const t = await cli(['translate', runId, '--input-dataset', 'red', '--direction', 'a2b', '--backend', 'webgpu', '--home', home, '--json']);
    expect(t.code, t.stderr.slice(-400)).toBe(0);
    expect(t.json()).toMatchObject({ count: 10, status: 'completed', direction: 'a2b' });
  });
});
