import { randomUUID } from 'node:crypto';
import { ApiError } from '../../shared/api/errors';
import type { BackendName, BackendReport } from '../../shared/domain/backend';
import type { Job, JobKind } from '../../shared/domain/job';
import type { Db } from '../db/database';
import * as repo from './jobs-repo';
import type { WorkerToHost } from './protocol';
import { isProcessAlive, releaseLease, tryAcquireLease } from './scheduler-lease';
import type { ForkWorker, WorkerChannel } from './worker-channel';
import { createProgressThrottle } from './progress-throttle';

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
  /** How often the queue and the other faces' requests are looked at, in ms. */
  pollMs?: number;
}

interface Running {
  jobId: string;
  worker: WorkerChannel;
  done: Promise<void>;
  settled: boolean;
}

/**
 * Runs the job queue of one home in worker processes, one job at a time. Every face has a host; only the one
 * holding the scheduler lease starts jobs, so the desktop app, `serve` and the CLI can share a home. The others
 * enqueue rows and ask for pause/resume/stop through the database; all of them notice changes by polling.
 * A worker that dies without a result marks its job failed with the reason; the host carries on.
 */
export function createJobHost(options: JobHostOptions) {
  const { db, events } = options;
  const instanceId = randomUUID();
  const me = { pid: process.pid, instanceId, face: options.face };
  let owner = false;
  let running: Running | null = null;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  let seen = repo.jobsFingerprint(db);

  function emitState(jobId: string): void {
    const job = repo.getJob(db, jobId);
    if (job) events.state(job);
  }

  function log(jobId: string, level: 'debug' | 'info' | 'warn' | 'error', message: string): void {
    const time = new Date().toISOString();
    repo.appendLog(db, jobId, level, message, time);
    events.log({ jobId, level, message, time });
  }

  function startJob(job: Job): void {
    repo.markStarted(db, job.jobId, process.pid);
    emitState(job.jobId);
    const worker = options.forkWorker({ env: { GAN_STUDIO_HOME: options.home } });
    const throttle = createProgressThrottle(job.jobId, (p) => events.progress(p), (step, total) => repo.setProgress(db, job.jobId, step, total));
    let result: Extract<WorkerToHost, { type: 'result' }> | null = null;
    let failure: string | null = null;
    let resolveDone!: () => void;
    const entry: Running = { jobId: job.jobId, worker, done: new Promise<void>((r) => (resolveDone = r)), settled: false };
    running = entry;
    worker.onMessage((m) => {
      switch (m.type) {
        case 'backend':
          repo.setBackend(db, job.jobId, m.report.active ?? 'none');
          emitState(job.jobId);
          break;
        case 'progress':
          throttle.push(m.step, m.totalSteps, m.metrics);
          break;
        case 'log':
          log(job.jobId, m.level, m.message);
          break;
        case 'paused':
          repo.setStatus(db, job.jobId, 'paused');
          emitState(job.jobId);
          break;
        case 'resumed':
          repo.setStatus(db, job.jobId, 'running');
          emitState(job.jobId);
          break;
        case 'result':
          result = m;
          break;
        case 'error':
          failure = m.message;
          break;
      }
    });
    worker.onExit(({ code, signal }) => {
      throttle.flush();
      if (result) {
        repo.setProgress(db, job.jobId, result.step, repo.getJob(db, job.jobId)?.totalSteps ?? result.step);
        repo.setStatus(db, job.jobId, result.status, { output: result.output });
      } else {
        const reason = failure ?? `the training process ended unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})`;
        repo.setStatus(db, job.jobId, 'failed', { error: reason });
        log(job.jobId, 'error', reason);
      }
      emitState(job.jobId);
      entry.settled = true;
      if (running === entry) running = null;
      resolveDone();
      if (!closed) setImmediate(tick);
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
    if (closed) return;
    try {
      const wasOwner = owner;
      owner = options.scheduler !== false && tryAcquireLease(db, me);
      if (owner && !wasOwner) {
        for (const id of repo.markOrphansInterrupted(db, isProcessAlive)) emitState(id);
      }
      if (owner) {
        applyControl();
        if (!running) {
          const next = repo.nextQueuedJob(db);
          if (next) startJob(next);
        }
      }
      // Other faces' changes (new jobs, states) become events here too.
      const now = repo.jobsFingerprint(db);
      for (const [id, fp] of now) if (seen.get(id) !== fp) emitState(id);
      seen = now;
    } catch (err) {
      // A busy database is retried on the next tick; anything else is reported but never kills the host.
      if ((err as { code?: string }).code !== 'SQLITE_BUSY') console.error('gan-studio job host:', err);
    }
  }

  return {
    instanceId,
    start(): void {
      tick();
      timer = setInterval(tick, options.pollMs ?? 500);
      timer.unref();
    },
    isScheduler: (): boolean => owner,
    enqueue(kind: JobKind, params: Record<string, unknown>, totalSteps: number): Job {
      const job = repo.insertJob(db, { jobId: randomUUID().slice(0, 8), kind, params, totalSteps });
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
    /** Stops this process's running job (it checkpoints), waits for it, and gives the lease back. */
    async close(graceMs = 10_000): Promise<void> {
      closed = true;
      if (timer) clearInterval(timer);
      const r = running as Running | null;
      if (r && !r.settled) {
        r.worker.send({ type: 'stop' });
        const killer = setTimeout(() => r.worker.kill(), graceMs);
        await r.done;
        clearTimeout(killer);
      }
      if (owner) releaseLease(db, instanceId);
    },
  };
}

export type JobHost = ReturnType<typeof createJobHost>;
