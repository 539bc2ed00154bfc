import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeLayout } from '../../src-main/engine/home/studio-home';
import { isProcessAlive } from '../../src-main/engine/jobs/scheduler-lease-repo';
import { openStudio } from '../../src-main/engine/studio';
import { verifyCheckpoint } from '../../src-main/engine/training/checkpoint-integrity';
import type { Job } from '../../src-main/shared/domain/job';
import { BIN, cliSync, homeWithShapes, resumableStep, TINY } from '../engine/jobs/cli-process';
import { waitFor } from '../helpers/temp-dir';

let root = '';

/**
 * kill -9 at random points of training and generation (the CLI with its worker, or one of them alone), then the
 * home is opened again: the database is whole, nothing half-done is visible, and the work resumes.
 * The random delays are printed, so a failure can be replayed.
 */

/** Starts `gan-studio args…` in its own process group, so that a "power cut" can kill the CLI and its worker at once. */
function start(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout.resume();
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { child, exited, stderr: () => err };
}

/** The pids whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const randomMs = (max: number): number => Math.round(Math.random() * max);

/** Everything a face may show after a crash is whole: the database, checkpoints, sample grids, samples. */
async function expectNothingHalfDone(home: string): Promise<void> {
  // A face opening the home (a reader): marks the dead runs, sweeps the dead writers' temporaries.
  const studio = await openStudio({ home, face: 'cli', scheduler: false });
  await studio.close();
  const db = new BetterSqlite3(homeLayout(home).database, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare(`SELECT count(*) AS n FROM jobs WHERE status IN ('running', 'paused')`).get()).toEqual({ n: 0 });
    for (const c of db.prepare(`SELECT path FROM run_checkpoints`).all() as { path: string }[]) await verifyCheckpoint(c.path);
    for (const s of db.prepare(`SELECT path FROM run_samples`).all() as { path: string }[]) expect(existsSync(s.path)).toBe(true);
    for (const s of db.prepare(`SELECT sha256, path FROM samples`).all() as { sha256: string; path: string }[]) {
      expect(createHash('sha256').update(readFileSync(join(home, s.path))).digest('hex')).toBe(s.sha256);
    }
  } finally {
    db.close();
  }
  const temps = readdirSync(home, { recursive: true, withFileTypes: true }).filter((e) => /\.tmp-\d+$|\.\d+\.[0-9a-f]+\.tmp$/.test(e.name));
  expect(temps.map((e) => join(e.parentPath, e.name))).toEqual([]);
}

const jobOf = (home: string, id: string): { status: string; step: number } => {
  const db = new BetterSqlite3(homeLayout(home).database, { readonly: true });
  try {
    return db.prepare(`SELECT status, step FROM jobs WHERE job_id = ?`).get(id) as { status: string; step: number };
  } finally {
    db.close();
  }
};

describe('kill -9 during jobs', () => {
  // One home for both cases (each spawn costs seconds): the dataset, and a finished run to generate from.
  let home = '';
  let runForGenerate = '';
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'gan-studio-kill-'));
    home = await homeWithShapes(root);
    const trained = cliSync(['train', 'cgan', '--dataset', 'shapes', '--steps', '2', ...TINY, '--home', home, '--json']);
    expect(trained.code, trained.stderr).toBe(0);
    runForGenerate = String(trained.json().runId);
  }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('training: power cut, then the CLI alone killed (its worker must not train on), each time resumed to the end', async () => {
    // 1. The CLI and its worker at once, at a random moment from the run's queueing (worker startup, data
    // loading, the first steps, checkpoint and sample writes every 2 steps).
    const t = start(['train', 'cgan', '--dataset', 'shapes', '--steps', '100000', ...TINY, '--home', home]);
    await waitFor(() => /run (\w+) queued/.exec(t.stderr()), 60_000, 'run queued');
    const runId = /run (\w+) queued/.exec(t.stderr())![1]!;
    const delay = randomMs(5000);
    console.log(`kill -9 of the train process group ${delay} ms after the run was queued`);
    await new Promise((r) => setTimeout(r, delay));
    const workers = childrenOf(t.child.pid!);
    process.kill(-t.child.pid!, 'SIGKILL');
    await t.exited;
    await waitFor(() => workers.every((w) => !isProcessAlive(w)), 10_000, 'the worker is gone');
    await expectNothingHalfDone(home);
    // Killed before its job started (the face that queued it died) or while it ran: interrupted either way.
    expect(jobOf(home, runId).status).toBe('interrupted');

    // 2. Only the CLI: its worker loses the host and must end, not go on writing beside the next one.
    const r = start(['resume', runId, '--steps', '100000', '--home', home, '--json']);
    await waitFor(() => /\d+\/100000/.test(r.stderr()), 60_000, 'training again');
    const [worker] = childrenOf(r.child.pid!);
    expect(worker).toBeDefined();
    await new Promise((res) => setTimeout(res, randomMs(1500)));
    r.child.kill('SIGKILL');
    await r.exited;
    await waitFor(() => !isProcessAlive(worker!), 10_000, 'the orphaned worker ends');
    await expectNothingHalfDone(home);
    const after = jobOf(home, runId);
    expect(after.status).toBe('interrupted');

    // The row's step may lag the newest checkpoint (progress is written at most once a second): resume past both.
    const total = await resumableStep(home, runId, after.step) + 4;
    const done = cliSync(['resume', runId, '--steps', String(total), '--home', home, '--json']);
    expect(done.code, done.stderr).toBe(0);
    expect(done.json()).toMatchObject({ status: 'completed', step: total });
    await expectNothingHalfDone(home);
  }, 90_000);

  it('generation: power cut mid-batch; every sample shown is whole, and the batch resumes to its full count', async () => {
    const g = start(['generate', runForGenerate, '--per-class', '200', '--home', home, '--json']);
    await waitFor(() => /\d+\/600/.test(g.stderr()), 60_000, 'generating');
    const delay = randomMs(1500);
    console.log(`kill -9 of the generate process group ${delay} ms into the batch`);
    await new Promise((r) => setTimeout(r, delay));
    const workers = childrenOf(g.child.pid!);
    // A fast machine may finish the batch before the delay ends: then there is no process group left to cut.
    try {
      process.kill(-g.child.pid!, 'SIGKILL');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
    await g.exited;
    // SIGKILL lands at once, but a worker inside a write may take a moment to be gone: wait for the power cut to end.
    await waitFor(() => workers.every((w) => !isProcessAlive(w)), 10_000, 'the worker is gone');
    await expectNothingHalfDone(home);

    const studio = await openStudio({ home, face: 'cli' });
    try {
      const { batches } = (await studio.dispatch('samples.batches', {})) as { batches: { batchId: string; status: string; count: number }[] };
      const batch = batches.find((b) => b.status !== 'completed' || b.count === 600);
      if (batch!.status === 'completed') return; // the kill came after the last sample: nothing to resume
      expect(batch!.status).toBe('interrupted');
      await studio.dispatch('jobs.resume', { jobId: batch!.batchId });
      const job = await waitFor(async () => {
        const j = (await studio.dispatch('jobs.get', { jobId: batch!.batchId })) as Job;
        return j.status === 'completed' || j.status === 'failed' ? j : null;
      }, 60_000, 'batch resumes');
      expect(job.status).toBe('completed');
      expect(((await studio.dispatch('samples.batch', { batchId: batch!.batchId })) as { count: number }).count).toBe(600);
    } finally {
      await studio.close();
    }
    await expectNothingHalfDone(home);
  }, 90_000);
});
