#!/usr/bin/env node
// `npm start`: the desktop app from a fresh `npm install`, in three steps.
//  1. Find the Electron binary; if it is missing, run Electron's own installer once (npm 11 skips it: see
//     "allowScripts" in package.json). Still missing: print one line pointing at the web mode, exit 1.
//  2. Build better-sqlite3 for Electron's ABI in .electron-native/, BESIDE the Node build in node_modules, so the
//     CLI, `serve` and `npm test` keep using theirs. Skipped when a build stamped with this Electron exists.
//  3. `electron-vite build`, then run Electron on the project with GAN_STUDIO_SQLITE_BINDING set.
// Each step is an exported function so test/app/start-desktop.test.ts can check them.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_HINT = 'use the web mode instead: npm run web';
const STAMP_FILE = 'gan-studio-electron-build.json';

/** @typedef {{ status: number | null, stdout: string, stderr: string, error?: Error }} RunResult */
/** @typedef {(cmd: string, args: string[], options?: { cwd?: string, env?: NodeJS.ProcessEnv, captureStderr?: boolean, timeoutMs?: number }) => RunResult} Run */

/** @type {Run} Runs a command to completion; stdout goes to the terminal, stderr too unless captured. */
export const runSync = (cmd, args, options = {}) => {
  const r = spawnSync(cmd, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'inherit', options.captureStderr ? 'pipe' : 'inherit'],
    encoding: 'utf8',
    timeout: options.timeoutMs,
  });
  return { status: r.status, stdout: '', stderr: r.stderr ?? '', ...(r.error ? { error: r.error } : {}) };
};

/** The electron package folder (GAN_STUDIO_ELECTRON_DIR overrides it, for tests). */
export function electronPackageDir(root = ROOT, env = process.env) {
  return env.GAN_STUDIO_ELECTRON_DIR || join(root, 'node_modules', 'electron');
}

/** @returns {string} the electron package's version, e.g. "45.4.1" */
export function electronVersion(dir) {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
}

/**
 * The Electron executable as electron's own index.js finds it (path.txt + dist/), without its side effect of
 * starting a download. @returns {string | null} null when not installed
 */
export function findElectronBinary(dir, env = process.env) {
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const rel = readFileSync(pathFile, 'utf8').trim();
  if (!rel) return null;
  const binary = env.ELECTRON_OVERRIDE_DIST_PATH ? join(env.ELECTRON_OVERRIDE_DIST_PATH, rel) : join(dir, 'dist', rel);
  return existsSync(binary) ? binary : null;
}

/** Turns the installer's stderr into the reason of the one line we print. */
export function describeInstallFailure(stderr) {
  if (/fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|getaddrinfo|socket hang up|network/i.test(stderr)) {
    return 'no network to download it';
  }
  const last = stderr.split('\n').map((l) => l.trim()).filter(Boolean)[0];
  return last ? `downloading it failed: ${last.slice(0, 160)}` : 'downloading it failed';
}

/**
 * Finds the Electron binary, running `node <electron>/install.js` once when it is missing.
 * @param {string} dir the electron package folder
 * @param {{ env?: NodeJS.ProcessEnv, run?: Run }} [options]
 * @returns {{ ok: true, binary: string } | { ok: false, line: string }} `line` is the one line to print
 */
export function ensureElectronBinary(dir, { env = process.env, run = runSync } = {}) {
  const found = findElectronBinary(dir, env);
  if (found) return { ok: true, binary: found };
  const installer = join(dir, 'install.js');
  let reason = 'its installer is missing: reinstall with npm install';
  if (existsSync(installer)) {
    const r = run(process.execPath, [installer], { cwd: dir, env, captureStderr: true, timeoutMs: 15 * 60_000 });
    const again = findElectronBinary(dir, env);
    if (again) return { ok: true, binary: again };
    reason = describeInstallFailure(`${r.stderr}\n${r.error?.message ?? ''}`);
  }
  return { ok: false, line: `gan-studio: the Electron binary is not installed (${reason}); ${WEB_HINT}` };
}

/** Where the Electron-ABI build of better-sqlite3 lives, and its addon. */
export function electronSqlitePaths(root = ROOT) {
  const dir = join(root, '.electron-native', 'better-sqlite3');
  return { dir, binding: join(dir, 'build', 'Release', 'better_sqlite3.node'), stamp: join(dir, STAMP_FILE) };
}

/** What a build must have been made for to be reused. */
export function sqliteStamp(electron, root = ROOT) {
  const sqlite = JSON.parse(readFileSync(join(root, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')).version;
  return { electron, betterSqlite3: sqlite, platform: process.platform, arch: process.arch };
}

/** True when `dir` holds an addon built for exactly `stamp`. */
export function hasStampedBuild(paths, stamp) {
  if (!existsSync(paths.binding) || !existsSync(paths.stamp)) return false;
  try {
    return JSON.stringify(JSON.parse(readFileSync(paths.stamp, 'utf8'))) === JSON.stringify(stamp);
  } catch {
    return false;
  }
}

/**
 * How to run node-gyp: npm ships it. Tried in order: npm's own variable during `npm start`, the npm running
 * this script, the npm beside this node, `npm prefix -g`; else `npx node-gyp`.
 * @returns {{ cmd: string, args: string[] }}
 */
export function findNodeGyp(env = process.env) {
  const candidates = [];
  if (env.npm_config_node_gyp) candidates.push(env.npm_config_node_gyp);
  if (env.npm_execpath) candidates.push(join(dirname(env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  const nodeDir = dirname(process.execPath);
  candidates.push(join(nodeDir, '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  candidates.push(join(nodeDir, 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  const prefix = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['prefix', '-g'], { encoding: 'utf8', shell: process.platform === 'win32' });
  const globalPrefix = prefix.status === 0 ? prefix.stdout.trim() : '';
  if (globalPrefix) {
    candidates.push(join(globalPrefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
    candidates.push(join(globalPrefix, 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  }
  const script = candidates.find((c) => c.endsWith('.js') && existsSync(c));
  if (script) return { cmd: process.execPath, args: [script] };
  return { cmd: process.platform === 'win32' ? 'npx.cmd' : 'npx', args: ['--yes', 'node-gyp'] };
}

/**
 * Builds better-sqlite3 for Electron `electron` into .electron-native/better-sqlite3 (a copy of the package, so
 * node_modules keeps its Node build): a prebuilt download first (prebuild-install, fast), else node-gyp.
 * Built in a temporary folder and moved into place, so an interrupted build is never mistaken for a good one.
 * @returns {{ ok: true, binding: string, built: boolean } | { ok: false, line: string }}
 */
export function ensureElectronSqlite(electron, { root = ROOT, env = process.env, run = runSync, log = console.log } = {}) {
  const paths = electronSqlitePaths(root);
  const stamp = sqliteStamp(electron, root);
  if (hasStampedBuild(paths, stamp)) return { ok: true, binding: paths.binding, built: false };

  log(`gan-studio: building better-sqlite3 for Electron ${electron} (first start only)…`);
  const source = join(root, 'node_modules', 'better-sqlite3');
  const tmp = `${paths.dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(dirname(tmp), { recursive: true });
  cpSync(source, tmp, { recursive: true, filter: (p) => relative(source, p).split(sep)[0] !== 'build' });

  const target = ['--runtime=electron', `--target=${electron}`, `--arch=${process.arch}`];
  const prebuild = join(root, 'node_modules', 'prebuild-install', 'bin.js');
  let built = false;
  if (existsSync(prebuild)) {
    const r = run(process.execPath, [prebuild, '--runtime', 'electron', '--target', electron, '--arch', process.arch, '--platform', process.platform], { cwd: tmp, env, captureStderr: true });
    built = r.status === 0 && existsSync(join(tmp, 'build', 'Release', 'better_sqlite3.node'));
  }
  let failure = '';
  if (!built) {
    const gyp = findNodeGyp(env);
    const r = run(gyp.cmd, [...gyp.args, 'rebuild', '--release', ...target, '--dist-url=https://electronjs.org/headers'], { cwd: tmp, env, captureStderr: true });
    built = r.status === 0 && existsSync(join(tmp, 'build', 'Release', 'better_sqlite3.node'));
    failure = `${r.stderr}\n${r.error?.message ?? ''}`.split('\n').map((l) => l.trim()).filter((l) => /err/i.test(l)).slice(-1)[0] ?? '';
  }
  if (!built) {
    rmSync(tmp, { recursive: true, force: true });
    const why = failure ? `: ${failure.slice(0, 200)}` : '';
    return { ok: false, line: `gan-studio: could not build better-sqlite3 for Electron ${electron} (node-gyp needs network, Python and a C++ compiler)${why}; ${WEB_HINT}` };
  }
  writeFileSync(join(tmp, STAMP_FILE), JSON.stringify(stamp));
  rmSync(paths.dir, { recursive: true, force: true });
  renameSync(tmp, paths.dir);
  return { ok: true, binding: paths.binding, built: true };
}

/** The environment Electron runs with: our addon, and never ELECTRON_RUN_AS_NODE (it would start Node, not the app). */
export function electronEnv(env, binding) {
  const out = { ...env, GAN_STUDIO_SQLITE_BINDING: binding };
  delete out.ELECTRON_RUN_AS_NODE;
  return out;
}

/** Runs Electron on the project until it exits; Ctrl-C and SIGTERM are passed on. @returns {Promise<number>} */
export function launchElectron(binary, root, env) {
  return new Promise((resolvePromise) => {
    const child = spawn(binary, [root, ...process.argv.slice(2)], { stdio: 'inherit', env, windowsHide: false });
    const forward = (signal) => () => child.kill(signal);
    for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, forward(signal));
    child.on('error', (err) => {
      console.error(`gan-studio: could not start Electron: ${err.message}`);
      resolvePromise(1);
    });
    child.on('exit', (code, signal) => resolvePromise(code ?? (signal ? 1 : 0)));
  });
}

/** The whole of `npm start`. @returns {Promise<number>} the exit code */
export async function main({ root = ROOT, env = process.env, run = runSync } = {}) {
  const dir = electronPackageDir(root, env);
  const binary = ensureElectronBinary(dir, { env, run });
  if (!binary.ok) {
    console.error(binary.line);
    return 1;
  }
  const sqlite = ensureElectronSqlite(electronVersion(dir), { root, env, run });
  if (!sqlite.ok) {
    console.error(sqlite.line);
    return 1;
  }
  const build = run(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, env });
  if (build.status !== 0) {
    console.error('gan-studio: electron-vite build failed (see above)');
    return 1;
  }
  return launchElectron(binary.binary, root, electronEnv(env, sqlite.binding));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main();
}
