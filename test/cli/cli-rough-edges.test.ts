import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRunsHome, type RunsHome } from '../../src-main/bench/runs-home';
import { png, put } from '../fixtures/image-folders';
import { useTempDirs } from '../helpers/temp-dir';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'gan-studio.mjs');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function cli(args: string[], nodeArgs: string[] = []) {
  const r = spawnSync(process.execPath, [...nodeArgs, BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
}

/** Runs the CLI with its stdout closed before it writes: every write then fails with EPIPE. */
function withClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stderr })));
}

// Each test starts several CLI processes: on a busy 2-core machine one start can take seconds.
describe('gan-studio rough edges (issue 15)', { timeout: 180_000 }, () => {
  const tempDir = useTempDirs();
  let root: string;
  let home: string;
  let made: RunsHome;

  // One home with 100 runs and their batches for the whole file (useTempDirs folders go after each test).
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'gs-rough-'));
    home = join(root, 'home');
    made = writeRunsHome(home, 100, { batches: true });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('--version prints the version, with --json too', () => {
    for (const flag of ['--version', '-V']) expect(cli([flag])).toMatchObject({ code: 0, stdout: `gan-studio ${VERSION}\n`, stderr: '' });
    expect(cli(['--version', '--json']).json()).toEqual({ version: VERSION });
  });

  it('help <command> is <command> --help; help alone is --help; an unknown one is bad usage', () => {
    const train = cli(['train', '--help']);
    expect(train.stdout).toMatch(/^usage: gan-studio train <model>/);
    expect(train.stdout).toMatch(/gan-studio train cgan --dataset D/);
    expect(cli(['help', 'train'])).toMatchObject({ code: 0, stdout: train.stdout });
    expect(cli(['help', 'batches']).stdout).toMatch(/^usage: gan-studio batches \[--run RUNID\]/);
    const top = cli(['--help']);
    expect(top.stdout).toMatch(/ batches +list generated and translated batches/);
    expect(cli(['help'])).toMatchObject({ code: 0, stdout: top.stdout });
    expect(cli(['help', 'nope'])).toMatchObject({ code: 2, stderr: "gan-studio: unknown command 'nope': try gan-studio --help\n" });
  });

  it('numbers: --steps -5 keeps its hint, 0x10 is refused, --home "" is bad usage; one line each, JSON with --json', () => {
    const neg = cli(['train', 'cgan', '--dataset', 'x', '--steps', '-5', '--json', '--home', home]);
    expect(neg.code).toBe(2);
    expect(neg.json()).toEqual({ error: { code: 'bad_input', message: "--steps must be a whole number ≥ 1, not '-5'" } });
    expect(neg.stderr).toBe("gan-studio: --steps must be a whole number ≥ 1, not '-5'\n");
    const hex = cli(['train', 'cgan', '--dataset', 'x', '--steps', '0x10', '--home', home]);
    expect(hex).toMatchObject({ code: 2, stderr: "gan-studio: --steps must be a whole number in decimal digits, not '0x10': try gan-studio train --help\n" });
    const empty = cli(['runs', '--home', '', '--json']);
    expect(empty.code).toBe(2);
    expect(empty.json().error).toEqual({ code: 'bad_input', message: '--home needs a value, not an empty string: try gan-studio runs --help' });
  });

  it('batches [--run RUNID] lists CONTRACT fields newest first; --run filters; an unknown run is bad usage', () => {
    const all = cli(['batches', '--json', '--home', home]);
    expect(all.code).toBe(0);
    const list = all.json() as Record<string, unknown>[];
    expect(list).toHaveLength(100);
    for (const b of list) expect(Object.keys(b)).toEqual(expect.arrayContaining(['batchId', 'runId', 'kind', 'count', 'status', 'createdAt']));
    expect(new Set(list.map((b) => b.batchId))).toEqual(new Set(made.batchIds));
    const translated = made.batchIds.filter((_, i) => i % 3 === 2);
    expect(list.filter((b) => b.kind === 'translate').map((b) => b.batchId).sort()).toEqual([...translated].sort());
    expect(list.filter((b) => b.kind === 'generate')).toHaveLength(100 - translated.length);

    const one = cli(['batches', '--run', made.runIds[2]!, '--json', '--home', home]).json();
    expect(one).toEqual([expect.objectContaining({ batchId: made.batchIds[2], runId: made.runIds[2], kind: 'translate', count: 0, status: 'completed' })]);
    const people = cli(['batches', '--run', made.runIds[0]!, '--home', home]);
    expect(people.stdout).toMatch(new RegExp(`^${made.batchIds[0]}  generate +completed +0 images  run ${made.runIds[0]} step 100`));
    const unknown = cli(['batches', '--run', 'nope', '--json', '--home', home]);
    expect(unknown.code).toBe(2);
    expect(unknown.json().error.code).toBe('not_found');
  });

  it("export of an unknown batch points to 'gan-studio batches'", () => {
    const r = cli(['export', 'abc', '--out', join(tempDir(), 'out'), '--home', home]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no batch abc: list the batches with 'gan-studio batches'/);
  });

  it('no command prints EPIPE when its reader goes away, with or without --json; each exits with its own code', async () => {
    for (const args of [['--help'], ['help', 'train'], ['runs', '--json', '--home', home], ['runs', '--home', home], ['batches', '--json', '--home', home]]) {
      const r = await withClosedStdout(args);
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.code, args.join(' ')).toBe(0);
    }
    // A failing command keeps its exit code and its one line on stderr.
    const failed = await withClosedStdout(['lineage', '0'.repeat(64), '--json', '--home', home]);
    expect(failed).toEqual({ code: 2, stderr: `gan-studio: no export, sample or imported image of this studio has sha256 ${'0'.repeat(64)}\n` });
    // The shell's way: 70 kB of runs into `head -c 10`.
    const sh = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" runs --json --home "${home}" | head -c 10`], { encoding: 'utf8' });
    expect(sh.stdout).toBe('[{"runId":');
    expect(sh.stderr).toBe('');
  });

  it("tfjs's 'install our node backend' banner is muted in the CLI's process; other warnings pass", () => {
    const guard = pathToFileURL(join(ROOT, 'src-main', 'cli', 'pipe-guard.ts')).href;
    const run = (mute: boolean) => spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e',
      `import { muteTfjsBanner } from ${JSON.stringify(guard)}; ${mute ? 'muteTfjsBanner();' : ''}
       const tf = await import('@tensorflow/tfjs'); tf.tensor([1]).dispose(); console.warn('another warning');`], { cwd: ROOT, encoding: 'utf8' });
    expect(run(false).stderr).toMatch(/install our node backend/); // what a user saw
    const muted = run(true);
    expect(muted.status).toBe(0);
    expect(muted.stderr).not.toMatch(/install our node backend/);
    expect(muted.stderr).toMatch(/another warning/);
  });

  it('"1 class", not "1 classes": import and datasets speak in the right number', () => {
    const root = tempDir();
    put(root, 'one/cat/a.png', png(1));
    const imported = cli(['import', join(root, 'one'), '--kind', 'labeled', '--name', 'one', '--home', home]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/: 1 image in 1 class \(/);
    expect(cli(['datasets', '--home', home]).stdout).toMatch(/ 1 image +1 class +/);
    expect(cli(['dataset', 'one', '--home', home]).stdout).toMatch(/: 1 image, from /);
  });

  it('--help, runs, datasets, batches, evaluations and lineage load neither tfjs nor sharp', () => {
    const dir = tempDir();
    // A loader hook that names every module the process loads, on stderr.
    writeFileSync(join(dir, 'hooks.mjs'), "export async function load(url, context, next) { process._rawDebug('LOADED ' + url); return next(url, context); }\n");
    writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);
    const sha = '0'.repeat(64);
    for (const args of [['--help'], ['runs', '--json'], ['run', made.runIds[0]!, '--json'], ['datasets', '--json'], ['batches', '--json'], ['evaluations', '--json'], ['lineage', sha, '--json']]) {
      const r = cli([...args, '--home', home], ['--import', join(dir, 'register.mjs')]);
      const loaded = r.stderr.split('\n').filter((l) => l.startsWith('LOADED '));
      // The CLI's own main, from its bundle (bin/cli-bundle.mjs) or, while that is being built, from source.
      expect(loaded.some((l) => /\/out\/cli\/b-\w+\/main\.js$|\/src-main\/cli\/main\.ts$/.test(l)), args.join(' ')).toBe(true);
      expect(loaded.filter((l) => /@tensorflow|\/sharp\//.test(l)), args.join(' ')).toEqual([]);
    }
    // The check itself sees sharp where a command needs it.
    put(dir, 'pics/dog/a.png', png(2));
    const imported = cli(['import', join(dir, 'pics'), '--kind', 'labeled', '--name', 'pics', '--home', home], ['--import', join(dir, 'register.mjs')]);
    expect(imported.code).toBe(0);
    expect(imported.stderr.split('\n').some((l) => l.startsWith('LOADED ') && l.includes('/sharp/'))).toBe(true);
  });
});
