import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/engine/db/database';
import { homeLayout } from '../../../src-main/engine/home/studio-home';
import { currentLeaseHolder } from '../../../src-main/engine/jobs/scheduler-lease-repo';
import { openStudio } from '../../../src-main/engine/studio';
import type { Job } from '../../../src-main/shared/domain/job';
import { useTempDirs, waitFor } from '../../helpers/temp-dir';
import { cliSpawn, cliSync, homeWithShapes, TINY } from './cli-process';

interface RunOut { runId: string; status: string; step: number; checkpoints: number[] }

/** Two and three faces on one home, real processes: no face's work is stopped by a process that did not ask. */
describe('faces sharing a home', () => {
  const tempDir = useTempDirs();

  it('two trains and a generate at once: each command gets its own job done, whoever holds the queue', async () => {
    const home = await homeWithShapes(tempDir());
    const first = cliSync(['train', 'cgan', '--dataset', 'shapes', '--steps', '2', ...TINY, '--home', home, '--json']);
    expect(first.code, first.stderr).toBe(0);
    const runForGenerate = (first.json() as unknown as RunOut).runId;

    const a = cliSpawn(['train', 'cgan', '--dataset', 'shapes', '--steps', '24', ...TINY, '--home', home, '--json']);
    await a.waitStderr(/run \w+ .* [1-9]\d*\/24/);
    // Queued while `a` holds the scheduler lease: before, `a` ran them after its own run and stopped them as it exited.
    const b = cliSpawn(['train', 'cgan', '--dataset', 'shapes', '--steps', '6', ...TINY, '--home', home, '--json']);
    const g = cliSpawn(['generate', runForGenerate, '--per-class', '4', '--home', home, '--json']);
    const [ca, cb, cg] = await Promise.all([a.exited, b.exited, g.exited]);
    expect(ca, a.stderr()).toBe(0);
    expect(cb, b.stderr()).toBe(0);
    expect(cg, g.stderr()).toBe(0);
    expect(JSON.parse(a.stdout())).toMatchObject({ status: 'completed', step: 24 });
    expect(JSON.parse(b.stdout())).toMatchObject({ status: 'completed', step: 6 });
    expect(JSON.parse(g.stdout())).toMatchObject({ status: 'completed', count: 12 });
    const db = openDatabase(homeLayout(home).database);
    try {
      expect(currentLeaseHolder(db)).toBeNull();
      expect(db.prepare(`SELECT count(*) AS n FROM jobs WHERE status <> 'completed'`).get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  }, 150_000);

  it('serve runs a CLI train; stopping serve hands the run over and the CLI finishes it from the checkpoint', async () => {
    const home = await homeWithShapes(tempDir());
    const serve = cliSpawn(['serve', '--json', '--port', '0', '--home', home]);
    const db = openDatabase(homeLayout(home).database);
    try {
      await waitFor(() => currentLeaseHolder(db)?.face === 'web', 30_000, 'serve holds the lease');
      const t = cliSpawn(['train', 'cgan', '--dataset', 'shapes', '--steps', '40', ...TINY, '--home', home, '--json']);
      // serve runs it (it holds the queue); the CLI only waits.
      await waitFor(() => (db.prepare(`SELECT step FROM jobs`).get() as { step: number } | undefined)?.step ?? 0 > 0 ? true : null, 60_000, 'serve trains');
      const before = db.prepare(`SELECT step FROM jobs`).get() as { step: number };
      expect(before.step).toBeGreaterThan(0);
      expect(before.step).toBeLessThan(40);
      serve.child.kill('SIGTERM');
      expect(await serve.exited).toBe(0);
      const handed = db.prepare(`SELECT status, error FROM jobs`).get() as { status: string; error: string | null };
      // Not `stopped`: serve did not ask for it. Interrupted (resumable), or already taken over by the CLI.
      expect(['interrupted', 'queued', 'running']).toContain(handed.status);
      expect(await t.exited, t.stderr()).toBe(0);
      const out = JSON.parse(t.stdout()) as RunOut;
      expect(out).toMatchObject({ status: 'completed', step: 40 });
      expect(t.stderr()).toMatch(/resuming run \w+ from its checkpoint/);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      serve.child.kill('SIGKILL');
      db.close();
    }
  }, 150_000);

  it('a CLI holding the queue leaves a browser-started job alone; serve\'s face runs it once the CLI is done', async () => {
    const home = await homeWithShapes(tempDir());
    const t = cliSpawn(['train', 'cgan', '--dataset', 'shapes', '--steps', '16', ...TINY, '--home', home, '--json']);
    await t.waitStderr(/run \w+ .* [1-9]\d*\/16/);
    // The web face, in this process: it queues a job while the CLI holds the lease.
    const web = await openStudio({ home, face: 'web' });
    try {
      const job = (await web.dispatch('jobs.start', { kind: 'selftest', params: { steps: 3, batch: 2 } })) as Job;
      expect(await t.exited, t.stderr()).toBe(0);
      expect(JSON.parse(t.stdout())).toMatchObject({ status: 'completed', step: 16 });
      // Before: the CLI ran it after its own run and stopped it as it exited (`stopped`, step 0).
      const done = await waitFor(async () => {
        const j = (await web.dispatch('jobs.get', { jobId: job.jobId })) as Job;
        return j.status !== 'queued' && j.status !== 'running' ? j : null;
      }, 60_000, 'the web face runs its job');
      expect(done).toMatchObject({ status: 'completed', step: 3 });
    } finally {
      await web.close();
    }
  }, 120_000);

  it('a reader shows a killed run as interrupted at once, from the dead owner pid, without a scheduler opening the home', async () => {
    const home = await homeWithShapes(tempDir());
    const t = cliSpawn(['train', 'cgan', '--dataset', 'shapes', '--steps', '100000', ...TINY, '--home', home, '--json']);
    await t.waitStderr(/run \w+ .* [1-9]\d*\/100000/);
    t.child.kill('SIGKILL');
    await t.exited;
    const runs = cliSync(['runs', '--json', '--home', home]);
    expect(runs.code, runs.stderr).toBe(0);
    const [run] = JSON.parse(runs.stdout) as { runId: string; status: string }[];
    expect(run!.status).toBe('interrupted');
    const one = cliSync(['run', run!.runId, '--json', '--home', home]).json();
    expect(one).toMatchObject({ status: 'interrupted', error: expect.stringMatching(/process running it ended/) });
  }, 90_000);
});
