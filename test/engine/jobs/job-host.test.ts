import { describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../../src-main/shared/api/contract';
import type { Job, JobProgress } from '../../../src-main/shared/domain/job';
import { openDatabase } from '../../../src-main/engine/db/database';
import { homeLayout } from '../../../src-main/engine/home/studio-home';
import { currentLeaseHolder } from '../../../src-main/engine/jobs/scheduler-lease-repo';
import { openStudio } from '../../../src-main/engine/studio';
import type { Studio } from '../../../src-main/engine/studio-types';
import { useTempDirs, waitFor } from '../../helpers/temp-dir';

function record(studio: Studio) {
  const progress: JobProgress[] = [];
  const states: Job[] = [];
  studio.onEvent(<K extends EventName>(name: K, payload: EventPayload<K>) => {
    if (name === 'job.progress') progress.push(payload as JobProgress);
    if (name === 'job.state') states.push(payload as Job);
  });
  return { progress, states };
}

const getJob = async (studio: Studio, jobId: string) => (await studio.dispatch('jobs.get', { jobId })) as Job;
const start = async (studio: Studio, params: Record<string, unknown>) =>
  (await studio.dispatch('jobs.start', { kind: 'selftest', params })) as Job;

describe('job host (real worker processes)', () => {
  const tempDir = useTempDirs();

  it('runs a self-test job in a child process: real steps, finite losses, flat tensor count, live progress', async () => {
    const studio = await openStudio({ home: tempDir(), face: 'cli' });
    try {
      const seen = record(studio);
      const job = await start(studio, { steps: 12, batch: 4 });
      expect(job.status).toBe('queued');
      const done = await waitFor(async () => {
        const j = await getJob(studio, job.jobId);
        return j.status === 'completed' || j.status === 'failed' ? j : null;
      });
      expect(done.error).toBeNull();
      expect(done.status).toBe('completed');
      expect(done.step).toBe(12);
      expect(done.backend).toBe('wasm');
      expect(seen.progress.length).toBeGreaterThan(0);
      for (const p of seen.progress) {
        expect(Number.isFinite(p.metrics.loss)).toBe(true);
        expect(p.totalSteps).toBe(12);
      }
      // Every step ends with the same number of live tensors: nothing leaks.
      const counts = new Set(seen.progress.map((p) => p.metrics.tensors));
      expect(counts.size).toBe(1);
      expect(seen.states.map((s) => s.status)).toEqual(expect.arrayContaining(['queued', 'running', 'completed']));
    } finally {
      await studio.close();
    }
  });

  it('survives a crashing worker: the job fails with the reason, the next job still runs', async () => {
    const studio = await openStudio({ home: tempDir(), face: 'cli' });
    try {
      const crashing = await start(studio, { steps: 10, batch: 2, crashAtStep: 2 });
      const next = await start(studio, { steps: 3, batch: 2 });
      const failed = await waitFor(async () => ((await getJob(studio, crashing.jobId)).status === 'failed' ? getJob(studio, crashing.jobId) : null));
      expect(failed.error).toMatch(/ended unexpectedly \(exit code 70\)/);
      const ok = await waitFor(async () => ((await getJob(studio, next.jobId)).status === 'completed' ? getJob(studio, next.jobId) : null));
      expect(ok.step).toBe(3);
    } finally {
      await studio.close();
    }
  });

  it('pauses, resumes and stops a running job; refuses transitions that make no sense', async () => {
    const studio = await openStudio({ home: tempDir(), face: 'cli' });
    try {
      const job = await start(studio, { steps: 10_000, batch: 2 });
      await waitFor(async () => (await getJob(studio, job.jobId)).step > 0, 30_000, 'first steps');
      await expect(studio.dispatch('jobs.resume', { jobId: job.jobId })).rejects.toThrow(/running: it cannot be resumed/);
      await studio.dispatch('jobs.pause', { jobId: job.jobId });
      await waitFor(async () => (await getJob(studio, job.jobId)).status === 'paused', 10_000, 'paused');
      const stepWhilePaused = (await getJob(studio, job.jobId)).step;
      await new Promise((r) => setTimeout(r, 1500));
      expect((await getJob(studio, job.jobId)).step).toBe(stepWhilePaused);
      await studio.dispatch('jobs.resume', { jobId: job.jobId });
      await waitFor(async () => (await getJob(studio, job.jobId)).step > stepWhilePaused + 1, 10_000, 'steps after resume');
      await studio.dispatch('jobs.stop', { jobId: job.jobId });
      const stopped = await waitFor(async () => ((await getJob(studio, job.jobId)).status === 'stopped' ? getJob(studio, job.jobId) : null));
      expect(stopped.step).toBeLessThan(10_000);
      expect(stopped.endedAt).not.toBeNull();
      await expect(studio.dispatch('jobs.pause', { jobId: job.jobId })).rejects.toThrow(/stopped: it cannot be paused/);
      await expect(studio.dispatch('jobs.get', { jobId: 'nope' })).rejects.toThrow(/no job nope/);
    } finally {
      await studio.close();
    }
  });

  it('one home, many faces: one scheduler runs the queue, the others enqueue and watch; the lease passes on', async () => {
    const home = tempDir();
    const first = await openStudio({ home, face: 'web' });
    const second = await openStudio({ home, face: 'cli' });
    let firstClosed = false;
    try {
      const db = openDatabase(homeLayout(home).database);
      const holder = await waitFor(() => currentLeaseHolder(db), 5000, 'lease');
      const watched = record(second);
      // Enqueued by one face, run by the scheduler, seen by both.
      const job = await start(second, { steps: 3, batch: 2 });
      const done = await waitFor(async () => ((await getJob(first, job.jobId)).status === 'completed' ? getJob(first, job.jobId) : null));
      expect(done.step).toBe(3);
      await waitFor(() => watched.states.some((s) => s.jobId === job.jobId && s.status === 'completed'), 5000, 'state event in the other face');
      expect(currentLeaseHolder(db)?.instanceId).toBe(holder.instanceId);

      // A job left 'running' by a process that died is marked interrupted when the next scheduler takes over.
      db.prepare(`INSERT INTO jobs (job_id, kind, status, params_json, created_at, owner_pid) VALUES ('ghost', 'selftest', 'running', '{"steps":3,"batch":2}', 'x', 2147483)`).run();
      const [owner, other] = holder.face === 'web' ? [first, second] : [second, first];
      await owner.close();
      firstClosed = owner === first;
      await waitFor(() => currentLeaseHolder(db)?.face === (owner === first ? 'cli' : 'web'), 10_000, 'lease handover');
      const ghost = await waitFor(async () => ((await getJob(other, 'ghost')).status === 'interrupted' ? getJob(other, 'ghost') : null), 10_000, 'interrupted');
      expect(ghost.error).toMatch(/process running it ended/);
      // Resuming an interrupted job queues it again and the new scheduler runs it.
      await other.dispatch('jobs.resume', { jobId: 'ghost' });
      await waitFor(async () => (await getJob(other, 'ghost')).status === 'completed', 30_000, 'ghost completes');
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    } finally {
      if (!firstClosed) await first.close();
      await second.close().catch(() => undefined);
    }
  });
});
