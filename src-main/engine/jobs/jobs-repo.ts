import type { Job, JobKind, RunStatus } from '../../shared/domain/job';
import type { Db } from '../db/database';

/** Data access for the jobs table: `(db, ...) => Domain | null`, bound parameters only. */

interface JobRow {
  job_id: string;
  kind: string;
  status: string;
  params_json: string;
  step: number;
  total_steps: number;
  backend: string | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  owner_pid: number | null;
  control: string | null;
}

export type JobControl = 'pause' | 'resume' | 'stop';

function toJob(row: JobRow): Job {
  return {
    jobId: row.job_id,
    kind: row.kind as JobKind,
    status: row.status as RunStatus,
    params: JSON.parse(row.params_json) as Record<string, unknown>,
    step: row.step,
    totalSteps: row.total_steps,
    backend: row.backend,
    error: row.error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
  };
}

/**
 * `owner_pid` of a queued job is the process that queued it (the face waiting for it); of a running or paused
 * one, the scheduler that runs it. Either way a dead owner means nobody will carry the job on: interrupted.
 */
export function insertJob(db: Db, job: { jobId: string; kind: JobKind; params: Record<string, unknown>; totalSteps: number }): Job {
  db.prepare(
    `INSERT INTO jobs (job_id, kind, status, params_json, total_steps, created_at, owner_pid) VALUES (?, ?, 'queued', ?, ?, ?, ?)`,
  ).run(job.jobId, job.kind, JSON.stringify(job.params), job.totalSteps, new Date().toISOString(), process.pid);
  return getJob(db, job.jobId)!;
}

export function getJob(db: Db, jobId: string): Job | null {
  const row = db.prepare(`SELECT * FROM jobs WHERE job_id = ?`).get(jobId) as JobRow | undefined;
  return row ? toJob(row) : null;
}

export function listJobs(db: Db): Job[] {
  return (db.prepare(`SELECT * FROM jobs ORDER BY created_at DESC, job_id`).all() as JobRow[]).map(toJob);
}

/** The oldest queued job, or an interrupted one the user asked to resume. */
export function nextQueuedJob(db: Db): Job | null {
  const row = db.prepare(`SELECT * FROM jobs WHERE status = 'queued' ORDER BY created_at, job_id LIMIT 1`).get() as JobRow | undefined;
  return row ? toJob(row) : null;
}

export function markStarted(db: Db, jobId: string, ownerPid: number): void {
  db.prepare(`UPDATE jobs SET status = 'running', started_at = COALESCE(started_at, ?), owner_pid = ?, error = NULL, control = NULL WHERE job_id = ?`).run(
    new Date().toISOString(),
    ownerPid,
    jobId,
  );
}

export function setStatus(db: Db, jobId: string, status: RunStatus, fields: { error?: string | null; output?: unknown } = {}): void {
  const ended = status === 'completed' || status === 'stopped' || status === 'failed' ? new Date().toISOString() : null;
  db.prepare(
    `UPDATE jobs SET status = ?, error = COALESCE(?, error), ended_at = COALESCE(?, ended_at),
       output_json = COALESCE(?, output_json), control = NULL,
       owner_pid = CASE WHEN ? = 'queued' THEN ? ELSE owner_pid END WHERE job_id = ?`,
  ).run(status, fields.error ?? null, ended, fields.output === undefined ? null : JSON.stringify(fields.output), status, process.pid, jobId);
}

export function setProgress(db: Db, jobId: string, step: number, totalSteps: number): void {
  db.prepare(`UPDATE jobs SET step = ?, total_steps = ? WHERE job_id = ?`).run(step, totalSteps, jobId);
}

export function setBackend(db: Db, jobId: string, backend: string): void {
  db.prepare(`UPDATE jobs SET backend = ? WHERE job_id = ?`).run(backend, jobId);
}

/** Puts a finished job (completed, stopped, failed) back in the queue, e.g. a run continued with more steps. */
export function requeueJob(db: Db, jobId: string): void {
  db.prepare(`UPDATE jobs SET status = 'queued', error = NULL, ended_at = NULL, control = NULL, owner_pid = ? WHERE job_id = ?`).run(process.pid, jobId);
}

/** Any face may ask; the scheduler that owns the job carries it out. */
export function requestControl(db: Db, jobId: string, control: JobControl): void {
  db.prepare(`UPDATE jobs SET control = ? WHERE job_id = ?`).run(control, jobId);
}

export function takeControl(db: Db, jobId: string): JobControl | null {
  return db.transaction(() => {
    const row = db.prepare(`SELECT control FROM jobs WHERE job_id = ?`).get(jobId) as { control: JobControl | null } | undefined;
    if (row?.control) db.prepare(`UPDATE jobs SET control = NULL WHERE job_id = ?`).run(jobId);
    return row?.control ?? null;
  })();
}

export function appendLog(db: Db, jobId: string, level: string, message: string, time: string): void {
  db.prepare(`INSERT INTO job_logs (job_id, level, message, time) VALUES (?, ?, ?, ?)`).run(jobId, level, message, time);
}

/** The jobs some process runs (running, paused) or waits for (queued), with that process's pid. */
export function activeJobOwners(db: Db): { jobId: string; status: 'queued' | 'running' | 'paused'; ownerPid: number | null }[] {
  const rows = db.prepare(`SELECT job_id, status, owner_pid FROM jobs WHERE status IN ('queued','running','paused')`).all() as Pick<JobRow, 'job_id' | 'status' | 'owner_pid'>[];
  return rows.map((r) => ({ jobId: r.job_id, status: r.status as 'queued' | 'running' | 'paused', ownerPid: r.owner_pid }));
}

/**
 * Jobs whose owning process is gone were interrupted: running or paused ones whose runner died (the app died),
 * queued ones whose face died before they ran. `isOwnerAlive` judges each; a queued job from before owners
 * were recorded (no pid) waits as it always did.
 */
export function markOrphansInterrupted(db: Db, isOwnerAlive: (job: { status: string; ownerPid: number }) => boolean): string[] {
  return db.transaction(() => {
    const orphans = activeJobOwners(db).filter((r) => (r.ownerPid === null ? r.status !== 'queued' : !isOwnerAlive({ status: r.status, ownerPid: r.ownerPid })));
    const mark = db.prepare(`UPDATE jobs SET status = 'interrupted', control = NULL, error = COALESCE(error, ?) WHERE job_id = ?`);
    for (const o of orphans) mark.run(o.status === 'queued' ? 'the process that queued it ended before it ran' : 'the process running it ended', o.jobId);
    return orphans.map((o) => o.jobId);
  })();
}

/** The queued jobs among `jobIds`, oldest first: what a scheduler that runs only its own jobs may start. */
export function nextQueuedJobOf(db: Db, jobIds: ReadonlySet<string>): Job | null {
  if (jobIds.size === 0) return null;
  const rows = db.prepare(`SELECT * FROM jobs WHERE status = 'queued' ORDER BY created_at, job_id`).all() as JobRow[];
  const row = rows.find((r) => jobIds.has(r.job_id));
  return row ? toJob(row) : null;
}

/** A job that ran and was interrupted (its runner died, or handed it over) goes back to the queue. */
export function requeueInterrupted(db: Db, jobId: string): boolean {
  return db.prepare(`UPDATE jobs SET status = 'queued', control = NULL, owner_pid = ? WHERE job_id = ? AND status = 'interrupted'`).run(process.pid, jobId).changes > 0;
}

/** A cheap fingerprint of every job's visible state, so non-owning faces can notice changes by polling. */
export function jobsFingerprint(db: Db): Map<string, string> {
  const rows = db.prepare(`SELECT job_id, status, step, error FROM jobs`).all() as Pick<JobRow, 'job_id' | 'status' | 'step' | 'error'>[];
  return new Map(rows.map((r) => [r.job_id, `${r.status}|${r.step}|${r.error ?? ''}`]));
}
