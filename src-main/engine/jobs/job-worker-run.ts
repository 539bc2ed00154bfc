import type { Job, RunStatus } from '../../shared/domain/job';
import type { Db } from '../db/database';
import { sweepTempFiles } from '../home/temp-sweep';
import { diskFullError, isDiskFullError } from '../home/disk-full';
import * as repo from './jobs-repo';
import type { JobHostEvents } from './job-host';
import { createProgressThrottle } from './progress-throttle';
import type { WorkerToHost } from './protocol';
import type { WorkerChannel } from './worker-channel';

/** One job in its worker process, as the host sees it. */
export interface RunningJob {
  jobId: string;
  worker: WorkerChannel;
  done: Promise<void>;
  settled: boolean;
  /** Set when the host closes under a job some other face waits for: it ends `interrupted`, not `stopped`. */
  handover: { face: string } | null;
}

export interface JobEnd {
  status: RunStatus;
  step: number | null;
  error: string | null;
  output?: unknown;
}

interface Deps {
  db: Db;
  home: string;
  events: JobHostEvents;
  /** Runs a database write of the host; a full disk is reported, never thrown into an event handler. */
  guard(what: string, write: () => void): boolean;
  /** The end could not be written (full disk): the host keeps it and writes it once there is room again. */
  keepUnrecorded(jobId: string, end: JobEnd, cause: unknown): void;
  onSettled(entry: RunningJob): void;
}

/** What a worker's end means for its job row. */
function endOf(job: Job, entry: RunningJob, result: Extract<WorkerToHost, { type: 'result' }> | null, failure: string | null,
  exit: { code: number | null; signal: string | null }): JobEnd {
  if (entry.handover && (!result || result.status === 'stopped') && !failure) {
    // Stopped (with its checkpoint) because the process running it closed, not because anyone asked: resumable.
    return { status: 'interrupted', step: result?.step ?? null, error: `handed over: the ${entry.handover.face} process that ran it closed; it continues from its last checkpoint when its face (or \`resume\`) queues it again` };
  }
  if (result) return { status: result.status, step: result.step, error: null, output: result.output };
  const reason = failure ?? `the ${job.kind} process ended unexpectedly (${exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`})`;
  return { status: 'failed', step: null, error: reason };
}

/** Writes a job's end: progress, status, error, output. Throws what the database throws (a full disk, say). */
export function recordEnd(db: Db, jobId: string, end: JobEnd): void {
  db.transaction(() => {
    if (end.step !== null) repo.setProgress(db, jobId, end.step, Math.max(repo.getJob(db, jobId)?.totalSteps ?? end.step, 0));
    repo.setStatus(db, jobId, end.status, { error: end.error, ...(end.output !== undefined ? { output: end.output } : {}) });
  })();
}

/**
 * Starts `job` in `worker` and wires its messages to the job row and the host's events. Every database write is
 * guarded: a full disk fails the job with `disk_full` (kept in memory until it can be written), never the host.
 * When the worker ends, its temporaries (`*.tmp-<pid>`) are swept, so no half-written checkpoint stays.
 */
export function runJobInWorker(job: Job, worker: WorkerChannel, deps: Deps): RunningJob {
  const { db, events, guard } = deps;
  const throttle = createProgressThrottle(job.jobId, (p) => events.progress(p), (step, total) => guard('progress', () => repo.setProgress(db, job.jobId, step, total)));
  let result: Extract<WorkerToHost, { type: 'result' }> | null = null;
  let failure: string | null = null;
  let workerPid: number | null = null;
  let resolveDone!: () => void;
  const entry: RunningJob = { jobId: job.jobId, worker, done: new Promise<void>((r) => (resolveDone = r)), settled: false, handover: null };
  const emitState = (): void => {
    const j = repo.getJob(db, job.jobId);
    if (j) events.state(j);
  };
  const setStatus = (status: RunStatus): void => {
    if (guard(status, () => repo.setStatus(db, job.jobId, status))) emitState();
  };
  worker.onMessage((m) => {
    switch (m.type) {
      case 'ready':
        workerPid = m.pid;
        break;
      case 'backend':
        if (guard('backend', () => repo.setBackend(db, job.jobId, m.report.active ?? 'none'))) emitState();
        break;
      case 'progress':
        throttle.push(m.step, m.totalSteps, m.metrics);
        break;
      case 'log': {
        const time = new Date().toISOString();
        guard('log', () => repo.appendLog(db, job.jobId, m.level, m.message, time));
        events.log({ jobId: job.jobId, level: m.level, message: m.message, time });
        break;
      }
      case 'paused':
        setStatus('paused');
        break;
      case 'resumed':
        setStatus('running');
        break;
      case 'result':
        result = m;
        break;
      case 'error':
        failure = m.message;
        break;
    }
  });
  worker.onExit((exit) => {
    throttle.flush();
    const end = endOf(job, entry, result, failure, exit);
    if (workerPid !== null) {
      const pid = workerPid;
      sweepTempFiles(deps.home, (p) => p === pid);
    }
    try {
      recordEnd(db, job.jobId, end);
      if (end.status === 'failed' && end.error) {
        const time = new Date().toISOString();
        repo.appendLog(db, job.jobId, 'error', end.error, time);
        events.log({ jobId: job.jobId, level: 'error', message: end.error, time });
      }
      emitState();
    } catch (err) {
      if (!isDiskFullError(err, deps.home)) console.error(`gan-studio job host: the end of job ${job.jobId} could not be recorded:`, err);
      deps.keepUnrecorded(job.jobId, end, isDiskFullError(err, deps.home) ? diskFullError(err, deps.home) : err);
    }
    entry.settled = true;
    resolveDone();
    deps.onSettled(entry);
  });
  return entry;
}
