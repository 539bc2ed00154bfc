import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/engine/db/database';
import { DISK_FULL_PREFIX, diskFullError, folderOf, isDiskFullError, jobErrorCode } from '../../../src-main/engine/home/disk-full';
import { sweepTempFiles, tempNamePid } from '../../../src-main/engine/home/temp-sweep';
import { markDeadJobsInterrupted } from '../../../src-main/engine/jobs/job-liveness';
import { getJob, insertJob, markStarted, requeueJob, setStatus } from '../../../src-main/engine/jobs/jobs-repo';
import { tryAcquireLease } from '../../../src-main/engine/jobs/scheduler-lease-repo';
import { useTempDirs } from '../../helpers/temp-dir';

const DEAD = 2147480;
const OTHER_LIVE = process.ppid;

describe('the truth about running jobs, from the lease and the owner pid', () => {
  const tempDir = useTempDirs();

  function home() {
    const db = openDatabase(join(tempDir(), 'studio.db'));
    const add = (id: string) => insertJob(db, { jobId: id, kind: 'selftest', params: {}, totalSteps: 3 });
    return { db, add };
  }

  it('a running job stays running only while its owner is alive and holds the lease', () => {
    const { db, add } = home();
    add('mine');
    markStarted(db, 'mine', process.pid);
    tryAcquireLease(db, { pid: process.pid, instanceId: 'me', face: 'cli' });
    expect(markDeadJobsInterrupted(db)).toEqual([]);
    expect(getJob(db, 'mine')!.status).toBe('running');

    // The lease moved to another live process (the owner was replaced, or its pid was reused): not running.
    tryAcquireLease(db, { pid: OTHER_LIVE, instanceId: 'other', face: 'web' }, Date.now() + 60_000);
    expect(markDeadJobsInterrupted(db)).toEqual(['mine']);
    expect(getJob(db, 'mine')).toMatchObject({ status: 'interrupted', error: 'the process running it ended' });

    // A dead owner pid, lease or not.
    add('dead');
    markStarted(db, 'dead', DEAD);
    expect(markDeadJobsInterrupted(db)).toEqual(['dead']);
  });

  it('a queued job lives as long as the face that queued it; a row from before owners were recorded waits', () => {
    const { db, add } = home();
    add('alive');
    add('orphan');
    db.prepare(`UPDATE jobs SET owner_pid = ? WHERE job_id = 'orphan'`).run(DEAD);
    add('legacy');
    db.prepare(`UPDATE jobs SET owner_pid = NULL WHERE job_id = 'legacy'`).run();
    expect(markDeadJobsInterrupted(db)).toEqual(['orphan']);
    expect(getJob(db, 'orphan')).toMatchObject({ status: 'interrupted', error: 'the process that queued it ended before it ran' });
    expect(getJob(db, 'alive')!.status).toBe('queued');
    expect(getJob(db, 'legacy')!.status).toBe('queued');

    // Queued again (resumed, requeued) by a live face, a job of a dead runner belongs to that face now.
    markStarted(db, 'alive', DEAD);
    expect(markDeadJobsInterrupted(db)).toEqual(['alive']);
    setStatus(db, 'alive', 'queued');
    expect(markDeadJobsInterrupted(db)).toEqual([]);
    markStarted(db, 'alive', DEAD);
    markDeadJobsInterrupted(db);
    requeueJob(db, 'alive');
    expect(markDeadJobsInterrupted(db)).toEqual([]);
    expect(getJob(db, 'alive')!.status).toBe('queued');
  });
});

describe('temporaries and full disks', () => {
  const tempDir = useTempDirs();

  it('sweeps the temporaries of the pids asked for, in every write folder, and nothing else', () => {
    const root = tempDir();
    const names = {
      ck: join(root, 'runs', 'r1', 'checkpoints', `step-0000004.tmp-${DEAD}`),
      grid: join(root, 'runs', 'r1', 'samples', `step-0000004.png.tmp-${DEAD}`),
      sample: join(root, 'samples', 'ab', `abcdef.png.${DEAD}.a1b2c3.tmp`),
      live: join(root, 'samples', 'ab', `abcdef.png.${process.pid}.a1b2c3.tmp`),
      real: join(root, 'runs', 'r1', 'checkpoints', 'step-0000002'),
    };
    for (const p of [names.ck, names.real]) mkdirSync(p, { recursive: true });
    writeFileSync(join(names.ck, 'weights.bin'), 'x');
    for (const p of [names.grid, names.sample, names.live]) {
      mkdirSync(join(p, '..'), { recursive: true });
      writeFileSync(p, 'x');
    }
    expect(sweepTempFiles(root, (pid) => pid === DEAD).sort()).toEqual([names.ck, names.grid, names.sample].sort());
    expect(existsSync(names.live) && existsSync(names.real)).toBe(true);
    expect(tempNamePid('step-0000002')).toBeNull();
  });

  it('recognises a full disk from a file write, SQLite, or an I/O error on a disk with no space, and names the folder', () => {
    expect(isDiskFullError(Object.assign(new Error('x'), { code: 'ENOSPC' }))).toBe(true);
    expect(isDiskFullError(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))).toBe(true);
    expect(isDiskFullError(new Error('write failed', { cause: Object.assign(new Error('no space left on device'), {}) }))).toBe(true);
    // An I/O error is a full disk only where there is no space: not on the roomy test disk.
    expect(isDiskFullError(Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' }), tempDir())).toBe(false);
    expect(isDiskFullError(Object.assign(new Error('x'), { code: 'EACCES' }))).toBe(false);

    expect(folderOf(`/h/runs/r1/checkpoints/step-0000004.tmp-${DEAD}/weights.bin`)).toBe('/h/runs/r1/checkpoints/step-0000004');
    const err = diskFullError(Object.assign(new Error('x'), { code: 'ENOSPC', path: '/h/samples/ab/f.png.1.ab.tmp' }), '/h');
    expect(err.code).toBe('disk_full');
    expect(err.message).toMatch(/^disk full: could not write \/h\/samples\/ab \(ENOSPC\)/);
    expect(jobErrorCode(err.message)).toBe('disk_full');
    expect(jobErrorCode(`the job said: ${DISK_FULL_PREFIX}`)).toBe('job_failed');
    expect(jobErrorCode(null)).toBe('job_failed');
  });
});
