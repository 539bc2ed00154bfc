import type { Migration } from './types';

/**
 * Training runs. A run is one job (run_id = jobs.job_id: its status, step and queue place live there) plus what
 * training needs to be repeated and inspected: the resolved config and what differs from the defaults, the
 * dataset version, app/tfjs/backend versions, checkpoints, the metric history, sample grids and health warnings.
 */
export const migrateToV3: Migration = {
  version: 3,
  name: 'runs',
  up(db) {
    db.exec(`
      CREATE TABLE runs (
        run_id              TEXT PRIMARY KEY REFERENCES jobs(job_id) ON DELETE CASCADE,
        kind                TEXT NOT NULL,
        -- the datasets trained on: [{role, ref, versionId, name}]
        datasets_json       TEXT NOT NULL,
        config_json         TEXT NOT NULL,
        config_diff_json    TEXT NOT NULL,
        preset              TEXT,
        -- {app, tfjs, backend}; backend and tfjs are filled in by the worker once it has resolved them
        versions_json       TEXT NOT NULL,
        run_dir             TEXT NOT NULL,
        created_at          TEXT NOT NULL
      );
      CREATE TABLE run_checkpoints (
        run_id     TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
        step       INTEGER NOT NULL,
        path       TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (run_id, step)
      ) WITHOUT ROWID;
      CREATE TABLE run_metrics (
        run_id       TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
        step         INTEGER NOT NULL,
        metrics_json TEXT NOT NULL,
        PRIMARY KEY (run_id, step)
      ) WITHOUT ROWID;
      CREATE TABLE run_samples (
        run_id     TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
        step       INTEGER NOT NULL,
        path       TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (run_id, step)
      ) WITHOUT ROWID;
      CREATE TABLE run_warnings (
        id      INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id  TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
        step    INTEGER NOT NULL,
        code    TEXT NOT NULL,
        message TEXT NOT NULL,
        time    TEXT NOT NULL
      );
      CREATE INDEX run_warnings_run ON run_warnings(run_id, id);
    `);
  },
};
