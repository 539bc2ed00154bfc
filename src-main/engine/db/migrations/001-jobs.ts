import type { Migration } from './types';

/** Jobs (training, generation, export runs) and their log lines. The job queue is this table. */
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
        owner_pid   INTEGER
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
    `);
  },
};
