import { randomUUID } from 'node:crypto';
import { ApiError } from '../../shared/api/errors';
import type { BackendName, BackendReport } from '../../shared/domain/backend';
import type { Job, JobKind } from '../../shared/domain/job';
import type { Db } from '../db/database';
import { sweepTempFiles } from '../home/temp-sweep';
import { diskFullError, isDiskFullError } from '../home/disk-full';
import { markDeadJobsInterrupted } from './job-liveness';
import { recordEnd, runJobInWorker, type JobEnd, type RunningJob } from './job-worker-run';
import * as repo from './jobs-repo';
import { isProcessAlive, releaseLease, tryAcquireLease } from './scheduler-lease-repo';
import type { ForkWorker } from './worker-channel';
import type { WorkerToHost } from './protocol';

/** A step probe's timings (measure-steps.ts), the backend it ran on, and the probe's whole time from fork to exit. */
export interface MeasuredSteps {
  firstStepMs: number;
  msPerStep: number;
  previewMs: number;
  steps: number;
  backend: BackendName | null;
  wallMs: number;
}

export interface JobHostEvents {
  state(job: Job): void;
  progress(p: { jobId: string; step: number; totalSteps: number; stepsPerSecond: number; etaSeconds: number | null; metrics: Record<string, number> }): void;
  log(l: { jobId: string; level: 'debug' | 'info' | 'warn' | 'error'; message: string; time: string }): void;
}

export interface JobHostOptions {
  db: Db;
  home: string;
  face: string;
  forkWorker: ForkWorker;
  backend: BackendName | null;
  events: JobHostEvents;
  /** False: never take the scheduler lease (this process only enqueues and watches). */
  scheduler?: boolean;
  /**
   * Which queued jobs this host starts while it holds the lease: `all` (long-lived faces: desktop, serve), or
   * `own`, only the jobs its face claimed (one-shot CLI commands, which end when their own job does).
   */
  scope?: 'all' | 'own';
  /** How often the queue and the other faces' requests are looked at, in ms. */
  pollMs?: number;
}

/**
 * Runs the job queue of one home in worker processes, one job at a time. Every face has a host; only the one
 * holding the scheduler lease starts jobs, so the desktop app, `serve` and the CLI can share a home. The others
 * enqueue rows and ask for pause/resume/stop through the database; all of them notice changes by polling.
 * A worker that dies without a result marks its job failed with the reason; the host carries on.
 *
 * A job is never stopped by a process that did not ask for it. Each host knows the jobs its own face waits for
 * (`claim`): a one-shot CLI host (`scope: 'own'`) starts only those, so it never picks up another face's job that
 * it would have to drop when its command ends; a long-lived host (`all`: desktop, serve) runs any job, and when
 * it closes under a job it did not claim, the job stops at a checkpoint and is handed over as `interrupted`,
 * which the face waiting for it queues again (docs/reliability.md).
 */
export function createJobHost(options: JobHostOptions) {
  const { db, events } = options;
  const instanceId = randomUUID();
  const me = { pid: process.pid, instanceId, face: options.face };
  const scope = options.scope ?? 'all';
  const claimed = new Set<string>();
  /** Ends that a full disk kept out of the database, written again on every tick until there is room. */
  const unrecorded = new Map<string, JobEnd>();
  let owner = false;
  let running: RunningJob | null = null;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  let seen = new Map<string, string>();
  let diskFullReported = false;
  let swept = false;

  function emitState(jobId: string): void {
    const job = repo.getJob(db, jobId);
    if (job) events.state(job);
  }

  /** A database write of the host's own (progress, logs, states): a full disk is reported once, never thrown. */
  function guard(what: string, write: () => void): boolean {
    try {
      write();
      return true;
    } catch (err) {
      if (!isDiskFullError(err, options.home)) throw err;
      if (!diskFullReported) process.stderr.write(`gan-studio: ${diskFullError(err, options.home).message} (while writing ${what})\n`);
      diskFullReported = true;
      return false;
    }
  }

  function keepUnrecorded(jobId: string, end: JobEnd, cause: unknown): void {
    unrecorded.set(jobId, end);
    const job = repo.getJob(db, jobId);
    const message = cause instanceof Error ? cause.message : String(cause);
    // The waiting face learns the end from this event: the row still says `running` until the write succeeds.
    if (job) events.state({ ...job, status: 'failed', error: end.status === 'failed' && end.error ? end.error : message });
  }

  function writeUnrecorded(): void {
    for (const [jobId, end] of unrecorded) {
      try {
        recordEnd(db, jobId, end);
      } catch (err) {
        if (isDiskFullError(err, options.home)) return;
        throw err;
      }
      unrecorded.delete(jobId);
      emitState(jobId);
    }
  }

  function startJob(job: Job): void {
    repo.markStarted(db, job.jobId, process.pid);
    emitState(job.jobId);
    const worker = options.forkWorker({ env: { GAN_STUDIO_HOME: options.home } });
    running = runJobInWorker(job, worker, {
      db, home: options.home, events, guard, keepUnrecorded,
      onSettled: (entry) => {
        if (running === entry) running = null;
        if (!closed) setImmediate(tick);
      },
    });
    worker.send({ type: 'start', jobId: job.jobId, kind: job.kind, params: job.params, home: options.home, backend: options.backend });
  }

  /** Applies a pause/resume/stop asked (by any face) for the job this process runs. */
  function applyControl(): void {
    if (!running) return;
    const control = repo.takeControl(db, running.jobId);
    if (control) running.worker.send({ type: control });
  }

  function tick(): void {
    try {
      // A closing host only renews the lease it has (its job's end is not written yet); it takes no new one.
      if (!closed || owner) owner = options.scheduler !== false && tryAcquireLease(db, me);
      writeUnrecorded();
      // Any face, reader or scheduler, records the truth about jobs whose runner died.
      const dead = markDeadJobsInterrupted(db);
      for (const id of dead) emitState(id);
      if (!swept || dead.length > 0) {
        swept = true;
        // Temporaries of writers that died (kill -9, power loss, full disk) never become visible: drop them.
        sweepTempFiles(options.home, (pid) => pid !== process.pid && !isProcessAlive(pid));
      }
      if (!closed) {
        // A job this face waits for that lost its runner (a crash, a hand-over) goes back to the queue.
        for (const id of claimed) if (repo.requeueInterrupted(db, id)) emitState(id);
      }
      if (owner) applyControl();
      if (owner && !closed && !running) {
        const next = scope === 'own' ? repo.nextQueuedJobOf(db, claimed) : repo.nextQueuedJob(db);
        if (next) startJob(next);
      }
      // Other faces' changes (new jobs, states) become events here too.
      const now = repo.jobsFingerprint(db);
      for (const [id, fp] of now) if (seen.get(id) !== fp) emitState(id);
      seen = now;
    } catch (err) {
      // A busy or full database is retried on the next tick; anything else is reported but never kills the host.
      const code = (err as { code?: string }).code;
      if (code !== 'SQLITE_BUSY' && !isDiskFullError(err, options.home)) console.error('gan-studio job host:', err);
    }
  }
  return {
    instanceId,
    start(): void {
      seen = repo.jobsFingerprint(db);
      tick();
      timer = setInterval(tick, options.pollMs ?? 500);
      timer.unref();
    },
    isScheduler: (): boolean => owner,
    /** Marks a job as one this face waits for: a CLI host runs it, a closing host hands it over (never stops it). */
    claim(jobId: string): void {
      claimed.add(jobId);
      setImmediate(tick);
    },
    enqueue(kind: JobKind, params: Record<string, unknown>, totalSteps: number): Job {
      let job: Job;
      try {
        job = repo.insertJob(db, { jobId: randomUUID().slice(0, 8), kind, params, totalSteps });
      } catch (err) {
        throw isDiskFullError(err, options.home) ? diskFullError(err, options.home) : err;
      }
      claimed.add(job.jobId);
      events.state(job);
      setImmediate(tick);
      return job;
    },
    /** Validates the transition, then records the request; the owning scheduler carries it out. */
    control(jobId: string, action: repo.JobControl): Job {
      const job = repo.getJob(db, jobId);
      if (!job) throw new ApiError('not_found', `no job ${jobId}`);
      const allowed: Record<repo.JobControl, string[]> = {
        pause: ['running'],
        resume: ['paused', 'interrupted'],
        stop: ['queued', 'running', 'paused', 'interrupted'],
      };
      if (!allowed[action].includes(job.status)) {
        throw new ApiError('conflict', `job ${jobId} is ${job.status}: it cannot be ${action === 'stop' ? 'stopped' : action + 'd'}`);
      }
      // Whoever resumes a job waits for it: this face now owns the wish that it runs.
      if (action === 'resume') claimed.add(jobId);
      if (job.status === 'queued' || job.status === 'interrupted') {
        // Nobody runs it: act on the row directly.
        repo.setStatus(db, jobId, action === 'stop' ? 'stopped' : 'queued');
      } else {
        repo.requestControl(db, jobId, action);
        if (running?.jobId === jobId) applyControl();
      }
      setImmediate(tick);
      return repo.getJob(db, jobId)!;
    },
    /** Resolves the backend in a short-lived worker: what training would really get. */
    /**
     * Times a model's training step for a config in a worker of its own (not queued: it never waits behind a
     * running job, though it shares the machine with it). Resolves with the backend it ran on and the timings.
     */
    measureSteps(req: { kind: string; config: Record<string, unknown>; classes: number; steps: number }): Promise<MeasuredSteps> {
      return new Promise((resolve, reject) => {
        const started = performance.now();
        const worker = options.forkWorker({ env: { GAN_STUDIO_HOME: options.home } });
        let report: BackendReport | null = null;
        let measured: Extract<WorkerToHost, { type: 'measured' }> | null = null;
        let failure: string | null = null;
        worker.onMessage((m) => {
          if (m.type === 'backend') report = m.report;
          if (m.type === 'measured') measured = m;
          if (m.type === 'error') failure = m.message;
        });
        worker.onExit(({ code, signal }) => {
          if (report && measured) {
            const { type: _, ...m } = measured as Extract<WorkerToHost, { type: 'measured' }>;
            resolve({ ...m, backend: (report as BackendReport).active, wallMs: performance.now() - started });
          } else reject(new ApiError('backend_unavailable', failure ?? `the step probe ended (${signal ?? `exit code ${code}`})`));
        });
        worker.send({ type: 'measure', backend: options.backend, ...req });
      });
    },
    probeBackend(): Promise<BackendReport> {
      return new Promise((resolve, reject) => {
        const worker = options.forkWorker({ env: { GAN_STUDIO_HOME: options.home } });
        let report: BackendReport | null = null;
        let failure: string | null = null;
        worker.onMessage((m) => {
          if (m.type === 'backend') report = m.report;
          if (m.type === 'error') failure = m.message;
        });
        worker.onExit(({ code, signal }) => {
          if (report) resolve(report);
          else reject(new ApiError('backend_unavailable', failure ?? `the backend probe ended (${signal ?? `exit code ${code}`})`));
        });
        worker.send({ type: 'probe', backend: options.backend });
      });
    },
    /**
     * Ends this face's part: no new job starts, the running job stops at a checkpoint (its own: `stopped`, as
     * asked by this face closing; another face's: handed over as `interrupted`, resumable), the lease stays
     * renewed until that end is written, then it is given back for the next face to take.
     */
    async close(graceMs = 10_000): Promise<void> {
      closed = true;
      const r = running as RunningJob | null;
      if (r && !r.settled) {
        if (!claimed.has(r.jobId)) r.handover = { face: options.face };
        r.worker.send({ type: 'stop' });
        const killer = setTimeout(() => r.worker.kill(), graceMs);
        await r.done;
        clearTimeout(killer);
      }
      if (timer) clearInterval(timer);
      try {
        writeUnrecorded();
        if (owner) releaseLease(db, instanceId);
      } catch (err) {
        // A full disk keeps the lease row: it goes stale with this pid, and the next face takes it over.
        if (!isDiskFullError(err, options.home) && (err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
      }
      owner = false;
    },
  };
}

export type JobHost = ReturnType<typeof createJobHost>;
