import { ApiError } from '../shared/api/errors';
import { isFinalStatus, type Job, type JobProgress, type RunStatus } from '../shared/domain/job';
import { jobErrorCode } from '../engine/home/disk-full';
import type { Studio } from '../engine/studio-types';
import { createProgressLine } from './progress-line';

/** What waiting reads of a job's row (a run, a batch, an evaluation). */
interface JobRow {
  status: RunStatus;
  error: string | null;
}

/** How one command waits for one kind of job. */
export interface JobWait<T extends JobRow> {
  /** `run`, `batch`, `evaluation`: names the job on the progress bar and in errors. */
  what: string;
  jobId: string;
  /** Reads the job's row; its status ends the wait. */
  read(): Promise<T>;
  /** The bar's text after the count, from a progress event (speed, ETA, losses). */
  progress(p: JobProgress): string;
  /** The first Ctrl-C: what it says on stderr, and the call that stops or cancels the job. */
  interrupt: { notice: string; call(): Promise<unknown> };
  pollMs: number;
  /** Also show the job's log lines (info, warn, error) on stderr. */
  logs?: boolean;
  /** A job another process runs sends its progress events there: the bar shows the row's saved progress instead. */
  elsewhere?(row: T): { done: number; total: number; note: string } | null;
}

/** Without a progress event for this long, the job is taken to run in another process. */
const QUIET_MS = 2000;

/** A failed job as the CLI reports it: `disk_full` for a full disk (the message names the folder), else `job_failed`. */
export function jobFailure(what: string, id: string, error: string | null): ApiError {
  return new ApiError(jobErrorCode(error), `${what} ${id} failed: ${error ?? 'unknown reason'}`);
}

/**
 * Follows the host's word on a job: when a full disk keeps a job's end out of the database, the row still says
 * `running` and only this event (status `failed`) tells the waiting command. @returns the error, once seen.
 */
function watchUnrecordedFailure(studio: Studio, jobId: string): { error: () => string | null; off: () => void } {
  let error: string | null = null;
  const off = studio.onEvent((name, payload) => {
    const job = payload as Job;
    if (name === 'job.state' && job.jobId === jobId && job.status === 'failed') error = job.error ?? 'unknown reason';
  });
  return { error: () => error, off };
}

/**
 * Waits for a queued job to end, with a progress bar on stderr. The first Ctrl-C runs `interrupt` and the wait
 * goes on until the job leaves `running`/`paused` (a run writes its checkpoint first). A failed job, or one whose
 * failure only the host's event reports, throws `jobFailure`.
 * @returns the job's last row, and whether Ctrl-C was pressed (the command then exits 130).
 */
export async function waitForJob<T extends JobRow>(studio: Studio, w: JobWait<T>): Promise<{ row: T; interrupted: boolean }> {
  const unrecorded = watchUnrecordedFailure(studio, w.jobId);
  const bar = createProgressLine(`${w.what} ${w.jobId}`);
  let interrupted = false;
  let progressAt = 0;
  const off = studio.onEvent((name, payload) => {
    if (name === 'job.progress' && (payload as JobProgress).jobId === w.jobId) {
      progressAt = Date.now();
      const p = payload as JobProgress;
      bar.update(p.step, p.totalSteps, w.progress(p));
    }
    if (w.logs && name === 'job.log') {
      const l = payload as { jobId: string; level: string; message: string };
      if (l.jobId === w.jobId && (l.level === 'warn' || l.level === 'error' || l.level === 'info')) process.stderr.write(`\n${l.level}: ${l.message}\n`);
    }
  });
  const onSigint = (): void => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`\n${w.interrupt.notice}\n`);
    w.interrupt.call().catch(() => undefined);
  };
  process.on('SIGINT', onSigint);
  try {
    let row: T;
    for (;;) {
      row = await w.read();
      const lost = unrecorded.error();
      if (lost !== null && !isFinalStatus(row.status)) throw jobFailure(w.what, w.jobId, lost);
      if (isFinalStatus(row.status) || (interrupted && row.status !== 'running' && row.status !== 'paused')) break;
      const saved = row.status === 'running' && Date.now() - progressAt > QUIET_MS ? w.elsewhere?.(row) : null;
      if (saved) bar.update(saved.done, saved.total, saved.note);
      await new Promise((r) => setTimeout(r, w.pollMs));
    }
    bar.done();
    if (row.status === 'failed') throw jobFailure(w.what, w.jobId, row.error);
    return { row, interrupted };
  } finally {
    off();
    unrecorded.off();
    process.off('SIGINT', onSigint);
  }
}
