import type { Db } from '../db/database';
import { activeJobOwners, markOrphansInterrupted } from './jobs-repo';
import { currentLeaseHolder, isProcessAlive } from './scheduler-lease-repo';

/**
 * The truth about a job row that says `running` or `paused`: only the scheduler starts jobs and it keeps the
 * lease until its job's end is recorded, so the job still runs only while its owner pid is alive AND holds the
 * lease. A dead pid, a released lease or a lease held by another process (the pid was reused, or the owner
 * was replaced) all mean the job was interrupted.
 */
export function ownerRunsIt(ownerPid: number, lease: { ownerPid: number } | null, isAlive: (pid: number) => boolean = isProcessAlive): boolean {
  return lease !== null && lease.ownerPid === ownerPid && isAlive(ownerPid);
}

/**
 * Marks `interrupted` the jobs whose runner is gone (or, queued, whose face that waits for them is gone), from any
 * face, reader or scheduler, so that `runs`, `run` and every list show the truth without waiting for a scheduler
 * to open the home. A cheap read first (most
 * calls find nothing); the write re-checks inside one IMMEDIATE transaction, so a scheduler starting a job
 * between the look and the write is never marked.
 * @returns the ids marked.
 */
export function markDeadJobsInterrupted(db: Db, isAlive: (pid: number) => boolean = isProcessAlive): string[] {
  const active = activeJobOwners(db);
  if (active.length === 0) return [];
  const lease = currentLeaseHolder(db);
  const alive = (l: typeof lease) => (j: { status: string; ownerPid: number }): boolean =>
    // A queued job needs only its face alive (whoever holds the queue runs it); a started one, its runner.
    j.status === 'queued' ? isAlive(j.ownerPid) : ownerRunsIt(j.ownerPid, l, isAlive);
  if (active.every((j) => (j.ownerPid === null ? j.status === 'queued' : alive(lease)({ status: j.status, ownerPid: j.ownerPid })))) return [];
  return db
    .transaction(() => markOrphansInterrupted(db, alive(currentLeaseHolder(db))))
    .immediate();
}
