import type { Migration } from './types';

/** Jobs (training, generation, export runs), their log lines, and the scheduler lease. The job queue is the jobs table. */
export const migrateToV1: Migration = {
  version: 1,
  name: 'jobs',
  up(db) {
    db.exec(`
      CREATE TABLE jobs (
        job_id      TEXT PRIMARY KEY,
        kind        TEXT NOT NULL,
        status      TEXT NOT NULL CHECK (status IN ('queued','running','paused','completed','stopped','failed','interrupted')),
        params_json TEXT NOT NULL,
        step        INTEGER NOT NULL DEFAULT 0,
        total_steps INTEGER NOT NULL DEFAULT 0,
        backend     TEXT,
        error       TEXT,
        created_at  TEXT NOT NULL,
        started_at  TEXT,
        ended_at    TEXT,
        -- pid of the process that runs it: a running job whose owner is gone was interrupted
        owner_pid   INTEGER,
        -- a pause / resume / stop asked by any face, carried out by the scheduler that owns the job
        control     TEXT CHECK (control IN ('pause','resume','stop')),
        output_json TEXT
      );
      CREATE INDEX jobs_status ON jobs(status, created_at);
      CREATE TABLE job_logs (
        id      INTEGER PRIMARY KEY AUTOINCREMENT,
        job_id  TEXT NOT NULL REFERENCES jobs(job_id) ON DELETE CASCADE,
        level   TEXT NOT NULL,
        message TEXT NOT NULL,
        time    TEXT NOT NULL
      );
      CREATE INDEX job_logs_job ON job_logs(job_id, id);
      -- One scheduler per home: the process holding this lease runs the queue; the others only enqueue.
      CREATE TABLE scheduler_lease (
        id           INTEGER PRIMARY KEY CHECK (id = 1),
        owner_pid    INTEGER NOT NULL,
        instance_id  TEXT NOT NULL,
        face         TEXT NOT NULL,
        heartbeat_at INTEGER NOT NULL
      );
    `);
  },
};
