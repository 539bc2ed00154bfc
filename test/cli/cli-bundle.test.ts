import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/temp-dir';

const ROOT = join(import.meta.dirname, '..', '..');

/** A checkout of its own (bin, sources, package.json; node_modules linked): its bundle and edits touch nothing here. */
function checkout(dir: string): string {
  for (const part of ['bin', 'src-main', 'package.json']) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** `gan-studio ARGS` as a user starts it, with the launcher's one trace line split off stderr. */
function cli(root: string, args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'gan-studio.mjs'), ...args], {
    encoding: 'utf8', timeout: 120_000, env: { ...process.env, GAN_STUDIO_LAUNCH_TRACE: '1', GAN_STUDIO_CLI: '' },
  });
  const launch = /^gan-studio launch: (.*) [\d.]+ ms$/m.exec(r.stderr)?.[1] ?? '';
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.replace(/^gan-studio launch: .*\n/m, ''), launch };
}

/** Dates every file under `dir` an hour back, as in a checkout not touched lately (no file is hashed then). */
function ageTree(dir: string): void {
  const then = new Date(Date.now() - 3600_000);
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) utimesSync(join(e.parentPath, e.name), then, then);
}

/** Replaces `from` (which must be there) with `to` in a source file of the checkout. */
function edit(root: string, file: string, from: string, to: string): void {
  const path = join(root, file);
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

// Each case builds the bundle at least twice: seconds on a busy machine.
describe('the CLI bundle (bin/cli-bundle.mjs)', { timeout: 240_000 }, () => {
  const tempDir = useTempDirs();

  it('is built on first use, reused, and rebuilt at once after an edit of a source, also of a lazily loaded command', () => {
    const root = checkout(tempDir('gs-bundle-'));
    const home = join(root, 'home');
    const first = cli(root, ['--help']);
    expect(first.code).toBe(0);
    expect(first.launch).toBe('bundle-built');
    expect(first.stdout).toMatch(/ runs +list training runs\n/);
    expect(cli(root, ['--help']).launch).toBe('bundle');
    // A build made two days ago is kept a day after it is replaced (a `serve` started from it may still load from
    // it); one replaced two days ago goes.
    const cache = join(root, 'out', 'cli');
    const firstBuild = (JSON.parse(readFileSync(join(cache, 'manifest.json'), 'utf8')) as { build: string }).build;
    const twoDaysAgo = new Date(Date.now() - 2 * 86400_000);
    mkdirSync(join(cache, 'b-0000000000000000'));
    for (const b of [firstBuild, 'b-0000000000000000']) utimesSync(join(cache, b), twoDaysAgo, twoDaysAgo);

    // Edited right after the build, within the same second: the new words show.
    edit(root, 'src-main/cli/command-index.ts', 'list training runs\n', 'list training runs, edited\n');
    const edited = cli(root, ['--help']);
    expect(edited.launch).toBe('bundle-built');
    expect(edited.stdout).toMatch(/ runs +list training runs, edited\n/);
    expect(readdirSync(cache)).toContain(firstBuild);
    expect(readdirSync(cache)).not.toContain('b-0000000000000000');

    // A command's own module, imported only when it runs.
    expect(cli(root, ['runs', '--home', home]).stdout).toBe('No runs yet: gan-studio train cgan --dataset NAME\n');
    edit(root, 'src-main/cli/commands/runs.ts', 'No runs yet:', 'Nothing trained yet:');
    const runs = cli(root, ['runs', '--home', home]);
    expect(runs.launch).toBe('bundle-built');
    expect(runs.stdout).toBe('Nothing trained yet: gan-studio train cgan --dataset NAME\n');
    expect(cli(root, ['runs', '--home', home]).launch).toBe('bundle');
  });

  it('sees an edit of the same size whose old mtime was put back (cp -p, tar): the change time tells', () => {
    const root = checkout(tempDir('gs-bundle-'));
    ageTree(join(root, 'src-main'));
    expect(cli(root, ['--help']).launch).toBe('bundle-built');
    const file = join(root, 'src-main', 'cli', 'command-index.ts');
    const { atime, mtime } = statSync(file);
    edit(root, 'src-main/cli/command-index.ts', 'list training runs\n', 'LIST TRAINING RUNS\n');
    utimesSync(file, atime, mtime);
    const edited = cli(root, ['--help']);
    expect(edited.launch).toBe('bundle-built');
    expect(edited.stdout).toMatch(/ runs +LIST TRAINING RUNS\n/);
  });

  it('never runs the old bundle: a source that does not compile fails through tsx, and a build in progress elsewhere means tsx', () => {
    const root = checkout(tempDir('gs-bundle-'));
    const home = join(root, 'home');
    expect(cli(root, ['runs', '--home', home]).launch).toBe('bundle-built');
    // Someone cleaned out/cli/ but left the manifest: built again.
    const cache = join(root, 'out', 'cli');
    rmSync(join(cache, (JSON.parse(readFileSync(join(cache, 'manifest.json'), 'utf8')) as { build: string }).build), { recursive: true });
    expect(cli(root, ['runs', '--home', home]).launch).toBe('bundle-built');

    edit(root, 'src-main/cli/commands/runs.ts', "name: 'runs',", "name: 'runs',,");
    const broken = cli(root, ['runs', '--home', home]);
    expect(broken.launch).toMatch(/^tsx \(build failed: /);
    expect(broken.code).not.toBe(0);
    expect(broken.stdout).not.toMatch(/No runs yet/);

    edit(root, 'src-main/cli/commands/runs.ts', "name: 'runs',,", "name: 'runs',");
    edit(root, 'src-main/cli/commands/runs.ts', 'No runs yet:', 'Still no runs:');
    // Another process holds the build lock: this start does not wait and does not run the stale bundle.
    writeFileSync(join(cache, 'build.lock'), '');
    const locked = cli(root, ['runs', '--home', home]);
    expect(locked.launch).toBe('tsx (another process is building the bundle)');
    expect(locked.stdout).toBe('Still no runs: gan-studio train cgan --dataset NAME\n');
  });

  it('runs the same command the same way through tsx (GAN_STUDIO_CLI=tsx) and from the bundle', () => {
    const viaTsx = spawnSync(process.execPath, [join(ROOT, 'bin', 'gan-studio.mjs'), '--help'], {
      encoding: 'utf8', env: { ...process.env, GAN_STUDIO_CLI: 'tsx', GAN_STUDIO_LAUNCH_TRACE: '1' },
    });
    const viaBundle = cli(ROOT, ['--help']);
    expect(viaTsx.stderr).toMatch(/^gan-studio launch: tsx /);
    expect(viaBundle.launch).toMatch(/^bundle/);
    expect(viaBundle.stdout).toBe(viaTsx.stdout);
  });
});
