import { readFileSync } from 'node:fs';
import type { Db } from '../db/database';

/** A lease that nobody renewed for this long is free, even if its pid looks alive (pid reuse). */
export const LEASE_TTL_MS = 15_000;

export interface LeaseHolder {
  ownerPid: number;
  instanceId: string;
  face: string;
  heartbeatAt: number;
}

/**
 * True when a process with this pid runs on this machine. A zombie (dead, not yet reaped: common in containers
 * whose init does not reap orphans) answers signal 0 but runs nothing, so on Linux its state is read too.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (process.platform !== 'linux') return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/**
 * Takes or renews the one scheduler lease of a home, atomically (an IMMEDIATE transaction).
 * The process that holds it runs the job queue; every other face only enqueues and asks for controls.
 * @returns true when this instance holds the lease after the call.
 */
export function tryAcquireLease(
  db: Db,
  me: { pid: number; instanceId: string; face: string },
  now: number = Date.now(),
  isAlive: (pid: number) => boolean = isProcessAlive,
): boolean {
  const attempt = db.transaction((): boolean => {
    const row = db.prepare(`SELECT owner_pid, instance_id, heartbeat_at FROM scheduler_lease WHERE id = 1`).get() as
      | { owner_pid: number; instance_id: string; heartbeat_at: number }
      | undefined;
    const mine = row?.instance_id === me.instanceId;
    const free = !row || now - row.heartbeat_at > LEASE_TTL_MS || !isAlive(row.owner_pid);
    if (!mine && !free) return false;
    db.prepare(
      `INSERT INTO scheduler_lease (id, owner_pid, instance_id, face, heartbeat_at) VALUES (1, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET owner_pid = excluded.owner_pid, instance_id = excluded.instance_id,
         face = excluded.face, heartbeat_at = excluded.heartbeat_at`,
    ).run(me.pid, me.instanceId, me.face, now);
    return true;
  });
  return attempt.immediate();
}

export function releaseLease(db: Db, instanceId: string): void {
  db.prepare(`DELETE FROM scheduler_lease WHERE id = 1 AND instance_id = ?`).run(instanceId);
}

export function currentLeaseHolder(db: Db): LeaseHolder | null {
  const row = db.prepare(`SELECT owner_pid, instance_id, face, heartbeat_at FROM scheduler_lease WHERE id = 1`).get() as
    | { owner_pid: number; instance_id: string; face: string; heartbeat_at: number }
    | undefined;
  return row ? { ownerPid: row.owner_pid, instanceId: row.instance_id, face: row.face, heartbeatAt: row.heartbeat_at } : null;
}
