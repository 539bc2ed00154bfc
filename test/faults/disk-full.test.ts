import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeLayout } from '../../src-main/engine/home/studio-home';
import { cliSpawn, cliSync, homeWithShapes, resumableStep, TINY } from '../engine/jobs/cli-process';
import { waitFor } from '../helpers/temp-dir';

/**
 * A full disk under real processes: the studio home lives on a 48 MiB tmpfs, and a filler file takes the last
 * byte while a job writes. Needs root (mount); the CI runner and this machine have it.
 */
let mnt = '';

beforeAll(() => {
  mnt = mkdtempSync(join(tmpdir(), 'gan-studio-diskfull-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', mnt]);
});

afterAll(() => {
  execFileSync('umount', ['-l', mnt]);
  rmSync(mnt, { recursive: true, force: true });
});

/** Writes zeros into `file` until the disk refuses (ENOSPC): nothing is left for anyone. */
function fillDisk(file: string): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(256 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
    // The last bytes, smaller than a chunk.
    const small = Buffer.alloc(512);
    try {
      for (;;) writeSync(fd, small);
    } catch {
      // full
    }
  } finally {
    closeSync(fd);
  }
}

/** Every temporary name the studio uses, anywhere under `dir`. */
function temporaries(dir: string): string[] {
  const found: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (/\.tmp-\d+$|\.\d+\.[0-9a-f]+\.tmp$|\.tmp$/.test(e.name)) found.push(join(e.parentPath, e.name));
  }
  return found;
}

const integrity = (home: string): unknown => {
  const db = new BetterSqlite3(homeLayout(home).database, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true });
  } finally {
    db.close();
  }
};

/** A home under `mnt/name` with the shapes dataset and a 2-step tiny cGAN run to generate from. */
async function homeWithTinyRun(name: string): Promise<{ root: string; home: string; runId: string }> {
  const root = join(mnt, name);
  mkdirSync(root);
  const home = await homeWithShapes(root);
  const trained = cliSync(['train', 'cgan', '--dataset', 'shapes', '--steps', '2', ...TINY, '--home', home, '--json']);
  expect(trained.code, trained.stderr).toBe(0);
  return { root, home, runId: String(trained.json().runId) };
}

/**
 * Runs the CLI with `args` until its progress matches, fills the disk, and checks the outcome: exit 1 with
 * disk_full, no temporary left in `home`, and a whole database. The filler is removed whatever happens.
 */
async function fillDiskWhile(args: string[], progress: RegExp, home: string, filler: string): Promise<void> {
  const during = cliSpawn(args);
  await during.waitStderr(progress);
  fillDisk(filler);
  const code = await during.exited.finally(() => rmSync(filler, { force: true }));
  expect(code, during.stderr()).toBe(1);
  const out = JSON.parse(during.stdout()) as { error: { code: string; message: string } };
  expect(out.error).toMatchObject({ code: 'disk_full', message: expect.stringMatching(/disk full: could not write/) });
  expect(temporaries(home)).toEqual([]);
  expect(integrity(home)).toBe('ok');
}

describe('a full disk while jobs write', () => {
  it('training: disk_full naming the run folder (--json too), no temporary left, and the run resumes once space is freed', async () => {
    const root = join(mnt, 'train');
    mkdirSync(root);
    const home = await homeWithShapes(root);
    const filler = join(mnt, 'filler-train');
    const t = cliSpawn(['train', 'cgan', '--dataset', 'shapes', '--steps', '100000', ...TINY, '--home', home, '--json']);
    await t.waitStderr(/run \w+ .* [1-9]\d*\/100000/);
    fillDisk(filler);
    const code = await t.exited.finally(() => rmSync(filler, { force: true }));
    expect(code, t.stderr()).toBe(1);
    const out = JSON.parse(t.stdout()) as { error: { code: string; message: string } };
    expect(out.error.code).toBe('disk_full');
    expect(out.error.message).toMatch(new RegExp(`disk full: could not write (.*${join(home, 'runs').replace(/[/.]/g, '\\$&')}|the studio database in ${home.replace(/[/.]/g, '\\$&')})`));
    expect(temporaries(home)).toEqual([]);

    // A face opening the home finds the truth: the run is not `running` (failed, or interrupted when its end
    // could not be written), its database is whole, and it resumes from its last good checkpoint.
    const runs = cliSync(['runs', '--json', '--home', home]);
    const [run] = JSON.parse(runs.stdout) as { runId: string; status: string; step: number }[];
    expect(['failed', 'interrupted']).toContain(run!.status);
    expect(integrity(home)).toBe('ok');
    // The job row's step may lag the checkpoints on disk (progress writes failed as the disk filled): resume past both.
    const resumed = cliSync(['resume', run!.runId, '--steps', String(await resumableStep(home, run!.runId, run!.step) + 4), '--home', home, '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.json()).toMatchObject({ status: 'completed' });
    expect(temporaries(home)).toEqual([]);
    rmSync(root, { recursive: true, force: true });
  }, 120_000);

  it('generation: disk_full naming the samples folder or the database, no half-written file, generation works again after', async () => {
    const { root, home, runId } = await homeWithTinyRun('generate');
    const filler = join(mnt, 'filler-generate');
    fillDisk(filler);
    const g = cliSync(['generate', runId, '--per-class', '200', '--home', home, '--json']);
    const leftover = temporaries(home);
    rmSync(filler);
    expect(g.code, g.stderr).toBe(1);
    expect(g.json().error).toMatchObject({ code: 'disk_full', message: expect.stringMatching(/disk full: could not write/) });
    expect(g.json().error!.message).toMatch(new RegExp(`${home.replace(/[/.]/g, '\\$&')}`));
    expect(leftover).toEqual([]);
    expect(integrity(home)).toBe('ok');

    // The disk fills while the batch writes its samples.
    await fillDiskWhile(['generate', runId, '--per-class', '5000', '--no-filter', '--home', home, '--json'], /batch \w+ .* [1-9]\d*\/15000/, home, filler);

    const again = cliSync(['generate', runId, '--per-class', '3', '--no-filter', '--home', home, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.json()).toMatchObject({ status: 'completed', count: 9 });
    rmSync(root, { recursive: true, force: true });
  }, 120_000);

  it('filtered generation (the default): the free-space check counts the rows of rejects, and a disk that fills while it draws keeps whole chunks only', async () => {
    const { root, home, runId } = await homeWithTinyRun('generate-filtered');
    const filler = join(mnt, 'filler-generate-filtered');

    // 28 MiB (29.4 MB) left. 2,000 per class × 3 classes of 28 px grey: the images are bounded by 6.5 MB (22.8 MB
    // with the 5% / 16 MB margin: they alone would fit), but a filtered batch may also record 19 rejects per kept
    // sample (an untrained generator does), 11.4 MB more: refused up front, before anything is queued.
    fillDisk(filler);
    let refused: ReturnType<typeof cliSync>;
    try {
      truncateSync(filler, statSync(filler).size - 28 * 1024 * 1024);
      refused = cliSync(['generate', runId, '--per-class', '2000', '--home', home, '--json']);
    } finally {
      rmSync(filler);
    }
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.json().error!.message).toMatch(/^not enough disk space at .*: about 35 MB needed, (29|30) MB free/);
    expect(JSON.parse(cliSync(['batches', '--json', '--home', home]).stdout)).toEqual([]);

    // The disk fills while the filter draws (this 2-step generator's samples are nearly all rejected: the rows of
    // rejects, then the kept samples, fill it).
    await fillDiskWhile(['generate', runId, '--per-class', '2000', '--home', home, '--json'], /\d+ drawn, [1-9]\d* rejected/, home, filler);
    // whole chunks only: every sample row the batch kept has its image on disk
    const db = new BetterSqlite3(homeLayout(home).database, { readonly: true });
    try {
      const paths = db.prepare('SELECT path FROM samples').all() as { path: string }[];
      expect(paths.filter((p) => !existsSync(join(home, p.path)))).toEqual([]);
      expect((db.prepare('SELECT COUNT(*) AS n FROM rejected_samples').get() as { n: number }).n).toBeGreaterThan(0);
    } finally {
      db.close();
    }

    const again = cliSync(['generate', runId, '--per-class', '3', '--home', home, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.json()).toMatchObject({ status: 'completed', count: 9 });
    rmSync(root, { recursive: true, force: true });
  }, 180_000);

  it('serve running a CLI\'s training survives the full disk; the CLI gets disk_full once the end can be written', async () => {
    const root = join(mnt, 'serve');
    mkdirSync(root);
    const home = await homeWithShapes(root);
    const serve = cliSpawn(['serve', '--json', '--port', '0', '--home', home]);
    try {
      await waitFor(() => serve.stdout().includes('token'), 30_000, 'serve listening');
      const { port, token } = JSON.parse(serve.stdout().split('\n')[0]!) as { port: number; token: string };
      await waitFor(() => {
        const db = new BetterSqlite3(homeLayout(home).database, { readonly: true });
        try {
          return (db.prepare(`SELECT face FROM scheduler_lease`).get() as { face: string } | undefined)?.face === 'web';
        } finally {
          db.close();
        }
      }, 30_000, 'serve holds the queue');
      const t = cliSpawn(['train', 'cgan', '--dataset', 'shapes', '--steps', '100000', ...TINY, '--home', home, '--json']);
      // serve trains it: the CLI shows the saved step, from the database.
      await t.waitStderr(/run \w+ .* [1-9]\d*\/100000 {2}run by another GAN Studio process/);
      const filler = join(mnt, 'filler-serve');
      fillDisk(filler);
      // The run's end may have to wait for room in the database: give the job time to hit the full disk.
      await Promise.race([t.exited, new Promise((r) => setTimeout(r, 8000))]);
      rmSync(filler);
      expect(await t.exited, t.stderr()).toBe(1);
      expect(JSON.parse(t.stdout())).toMatchObject({ error: { code: 'disk_full', message: expect.stringMatching(/disk full: could not write/) } });
      // serve is still up and answering.
      expect(serve.child.exitCode).toBeNull();
      expect((await fetch(`http://127.0.0.1:${port}/api/health?token=${token}`)).status).toBe(200);
      expect(temporaries(home)).toEqual([]);
      expect(integrity(home)).toBe('ok');
    } finally {
      serve.child.kill('SIGKILL');
      await serve.exited;
    }
    rmSync(root, { recursive: true, force: true });
  }, 120_000);
});
