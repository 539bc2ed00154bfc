import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SCRIPT = resolve(__dirname, '../../scripts/start-desktop.mjs');

type RunResult = { status: number | null; stdout: string; stderr: string; error?: Error };
type Run = (cmd: string, args: string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv; captureStderr?: boolean }) => RunResult;
type Outcome<T> = ({ ok: true } & T) | { ok: false; line: string };
/** The script's exported functions, typed here: it is plain .mjs, run by `npm start` without a build. */
interface StartDesktop {
  ensureElectronBinary(dir: string, options?: { env?: NodeJS.ProcessEnv; run?: Run }): Outcome<{ binary: string }>;
  ensureElectronSqlite(electron: string, options: { root: string; env?: NodeJS.ProcessEnv; run?: Run; log?: (s: string) => void }): Outcome<{ binding: string; built: boolean }>;
  electronEnv(env: NodeJS.ProcessEnv, binding: string): NodeJS.ProcessEnv;
  describeInstallFailure(stderr: string): string;
}
const load = async (): Promise<StartDesktop> => (await import(/* @vite-ignore */ SCRIPT)) as StartDesktop;

function fakeElectron(installJs: string | null): string {
  const dir = mkdtempSync(join(tmpdir(), 'gan-fake-electron-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.4.1' }));
  if (installJs !== null) writeFileSync(join(dir, 'install.js'), installJs);
  return dir;
}

function runScript(electronDir: string) {
  const env = { ...process.env, GAN_STUDIO_ELECTRON_DIR: electronDir };
  return spawnSync(process.execPath, [SCRIPT], { env, encoding: 'utf8', timeout: 30_000 });
}

describe('npm start without the Electron binary', () => {
  it('tries Electron’s installer once, then prints one line pointing at the web mode and exits 1', () => {
    const dir = fakeElectron(`require('fs').appendFileSync(__dirname + '/tries', 'x'); console.error('TypeError: fetch failed'); process.exit(1);`);
    const r = runScript(dir);
    expect(r.status).toBe(1);
    const lines = `${r.stdout}${r.stderr}`.split('\n').filter(Boolean);
    expect(lines).toEqual(['gan-studio: the Electron binary is not installed (no network to download it); use the web mode instead: npm run web']);
    expect(readFileSync(join(dir, 'tries'), 'utf8')).toBe('x');
  });

  it('still one line when there is no installer at all', () => {
    const r = runScript(fakeElectron(null));
    expect(r.status).toBe(1);
    const lines = `${r.stdout}${r.stderr}`.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^gan-studio: the Electron binary is not installed .*use the web mode instead: npm run web$/);
  });
});

describe('ensureElectronBinary', () => {
  it('finds the binary the installer put in place', async () => {
    const { ensureElectronBinary } = await load();
    const dir = fakeElectron(`const fs = require('fs'); fs.mkdirSync(__dirname + '/dist'); fs.writeFileSync(__dirname + '/dist/electron', ''); fs.writeFileSync(__dirname + '/path.txt', 'electron');`);
    expect(ensureElectronBinary(dir)).toEqual({ ok: true, binary: join(dir, 'dist', 'electron') });
  });
  it('names a failure that is not the network', async () => {
    const { describeInstallFailure } = await load();
    expect(describeInstallFailure('Error: Electron builds are not available on platform: aix\n  at x')).toBe(
      'downloading it failed: Error: Electron builds are not available on platform: aix',
    );
    expect(describeInstallFailure('getaddrinfo EAI_AGAIN github.com')).toBe('no network to download it');
  });
});

describe('ensureElectronSqlite', () => {
  function fakeRoot(): string {
    const root = mkdtempSync(join(tmpdir(), 'gan-fake-root-'));
    const pkg = join(root, 'node_modules', 'better-sqlite3');
    mkdirSync(join(pkg, 'build', 'Release'), { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'better-sqlite3', version: '12.6.2' }));
    writeFileSync(join(pkg, 'binding.gyp'), '{}');
    writeFileSync(join(pkg, 'build', 'Release', 'better_sqlite3.node'), 'node-abi');
    return root;
  }
  /** A build tool that "compiles" by writing the addon where node-gyp would. */
  const fakeGyp: Run = (_cmd, args, options) => {
    if (args.includes('rebuild')) {
      mkdirSync(join(options!.cwd!, 'build', 'Release'), { recursive: true });
      writeFileSync(join(options!.cwd!, 'build', 'Release', 'better_sqlite3.node'), `electron:${args.find((a) => a.startsWith('--target='))}`);
      return { status: 0, stdout: '', stderr: '' };
    }
    return { status: 1, stdout: '', stderr: 'no prebuilt' };
  };

  it('builds beside node_modules with --runtime=electron, leaves the Node build alone, and reuses a stamped build', async () => {
    const { ensureElectronSqlite } = await load();
    const root = fakeRoot();
    const calls: string[][] = [];
    const run: Run = (cmd, args, options) => (calls.push(args), fakeGyp(cmd, args, options));
    const first = ensureElectronSqlite('45.4.1', { root, run, log: () => undefined });
    expect(first).toEqual({ ok: true, binding: join(root, '.electron-native', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), built: true });
    const gyp = calls.find((a) => a.includes('rebuild'))!;
    expect(gyp).toEqual(expect.arrayContaining(['--runtime=electron', '--target=45.4.1', '--dist-url=https://electronjs.org/headers']));
    expect(readFileSync(join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), 'utf8')).toBe('node-abi');

    calls.length = 0;
    expect(ensureElectronSqlite('45.4.1', { root, run, log: () => undefined })).toMatchObject({ ok: true, built: false });
    expect(calls).toEqual([]);
    // Another Electron version means another ABI: rebuilt.
    expect(ensureElectronSqlite('46.0.0', { root, run, log: () => undefined })).toMatchObject({ ok: true, built: true });
  });

  it('reports a failed build in one line and leaves no half-built folder', async () => {
    const { ensureElectronSqlite } = await load();
    const root = fakeRoot();
    const fail: Run = () => ({ status: 1, stdout: '', stderr: 'gyp ERR! stack Error: connect ENETUNREACH' });
    const r = ensureElectronSqlite('45.4.1', { root, run: fail, log: () => undefined });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.line).toMatch(/^gan-studio: could not build better-sqlite3 for Electron 45\.4\.1 .*npm run web$/);
    expect(existsSync(join(root, '.electron-native', 'better-sqlite3'))).toBe(false);
  });

  it('passes the addon to Electron and never ELECTRON_RUN_AS_NODE', async () => {
    const { electronEnv } = await load();
    expect(electronEnv({ ELECTRON_RUN_AS_NODE: '1', PATH: '/bin' }, '/b.node')).toEqual({ PATH: '/bin', GAN_STUDIO_SQLITE_BINDING: '/b.node' });
  });
});
