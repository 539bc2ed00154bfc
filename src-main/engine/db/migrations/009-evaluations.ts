import type { Migration } from './types';

/**
 * "Does it help?" evaluations. One row per COMPLETED evaluate job (evaluation_id = jobs.job_id), written with its
 * batch links in one transaction at the very end, so a stopped or failed evaluation leaves no row behind. Batches,
 * runs and dataset versions are copied as plain ids (no foreign keys): an evaluation stays readable after the
 * batch it judged is deleted.
 */
export const migrateToV9: Migration = {
  version: 9,
  name: 'evaluations',
  up(db) {
    db.exec(`
      CREATE TABLE evaluations (
        evaluation_id      TEXT PRIMARY KEY REFERENCES jobs(job_id) ON DELETE CASCADE,
        -- the real data: its TRAIN split trained every arm
        dataset_version_id TEXT NOT NULL,
        -- the labeled test dataset; NULL = the held-out split of dataset_version_id
        test_version_id    TEXT,
        test_count         INTEGER NOT NULL,
        seeds_json         TEXT NOT NULL,
        ratios_json        TEXT NOT NULL,
        steps              INTEGER NOT NULL,
        -- the classifier's settings (EVALUATOR_CONFIG), resolution, channels, backend, app and tfjs versions
        evaluator_json     TEXT NOT NULL,
        -- EvaluationResult (shared/domain/evaluation.ts)
        result_json        TEXT NOT NULL,
        recommended_ratio  REAL,
        created_at         TEXT NOT NULL
      );
      CREATE TABLE evaluation_batches (
        evaluation_id   TEXT NOT NULL REFERENCES evaluations(evaluation_id) ON DELETE CASCADE,
        batch_id        TEXT NOT NULL,
        run_id          TEXT NOT NULL,
        checkpoint_step INTEGER NOT NULL,
        -- kept samples of the batch that the evaluation used
        samples         INTEGER NOT NULL,
        PRIMARY KEY (evaluation_id, batch_id)
      ) WITHOUT ROWID;
      CREATE INDEX evaluation_batches_batch ON evaluation_batches(batch_id);
      CREATE INDEX evaluation_batches_run ON evaluation_batches(run_id);
    `);
  },
};
