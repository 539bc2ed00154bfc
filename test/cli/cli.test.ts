import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/temp-dir';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gan-studio.mjs');

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('gan-studio CLI', () => {
  const tempDir = useTempDirs();

  it('info --json prints one document with the backend report, home from --home before or after the command', () => {
    const home = tempDir();
    for (const args of [['info', '--json', '--home', home], ['--home', home, '--json', 'info']]) {
      const r = cli(args);
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout) as { version: string; home: string; backend: { active: string; candidates: { name: string; ok: boolean; reason: string }[] } };
      expect(r.stdout.trim().split('\n')).toHaveLength(1);
      expect(doc.home).toBe(home);
      expect(doc.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(doc.backend.active).toBe('wasm');
      expect(doc.backend.candidates.map((c) => c.name)).toEqual(['tfjs-node-gpu', 'tfjs-node', 'wasm', 'webgpu', 'cpu']);
      for (const c of doc.backend.candidates) expect(c.reason.length).toBeGreaterThan(5);
    }
  });

  it('takes the home from $GAN_STUDIO_HOME and prints for people without --json', () => {
    const home = tempDir();
    const r = cli(['info'], { GAN_STUDIO_HOME: home });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`home     ${home}`);
    expect(r.stdout).toMatch(/backend {2}wasm/);
  });

  it('--backend forces one, and a missing one is a clear error', () => {
    const r = cli(['info', '--json', '--home', tempDir(), '--backend', 'tfjs-node']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ error: { code: 'backend_unavailable', message: expect.stringMatching(/tfjs-node/) } });
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const bad = cli(['info', '--json', '--home', tempDir(), '--backend', 'quantum']);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout).error.code).toBe('bad_input');
  });

  it('exit 2 with one line for bad usage and a bad --home', () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'x');
    const badHome = cli(['info', '--json', '--home', file]);
    expect(badHome.code).toBe(2);
    expect(JSON.parse(badHome.stdout).error).toEqual({ code: 'home_invalid', message: expect.stringMatching(/is a file/) });
    expect(cli(['frobnicate']).code).toBe(2);
    expect(cli(['info', '--port', '3']).stderr).toMatch(/info does not take --port/);
    expect(cli(['info', '--nope']).code).toBe(2);
    expect(cli([]).code).toBe(2);
    expect(cli(['--help']).code).toBe(0);
  });

  it('serve --json prints {url, port, token} once listening, serves health with the token, and stops on SIGINT with 130', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--json', '--port', '0', '--home', tempDir()], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      const { url, port, token } = JSON.parse(line) as { url: string; port: number; token: string };
      expect(url).toBe(`http://127.0.0.1:${port}/?token=${token}`);
      expect((await fetch(`http://127.0.0.1:${port}/api/health?token=${token}`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(401);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGINT');
      expect(await exited).toBe(130);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
