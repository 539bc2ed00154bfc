import type { Migration } from './types';

/**
 * Generated samples and exports. A batch is one `generate` job (batch_id = jobs.job_id) and keeps a snapshot of
 * what lineage needs (run config, dataset version, class names), so an exported file never loses its lineage:
 * a run with batches cannot be deleted (RESTRICT), nor a sample that an export contains.
 */
export const migrateToV4: Migration = {
  version: 4,
  name: 'samples',
  up(db) {
    db.exec(`
      CREATE TABLE sample_batches (
        batch_id            TEXT PRIMARY KEY,
        run_id              TEXT NOT NULL REFERENCES runs(run_id) ON DELETE RESTRICT,
        checkpoint_step     INTEGER NOT NULL,
        weights             TEXT NOT NULL CHECK (weights IN ('ema','raw')),
        seed                INTEGER NOT NULL,
        truncation          REAL,
        per_class           INTEGER NOT NULL,
        resolution          INTEGER NOT NULL,
        channels            INTEGER NOT NULL,
        dataset_version_id  TEXT NOT NULL,
        -- [{index, name}] of the classes generated; all class names of the run in run_snapshot_json
        classes_json        TEXT NOT NULL,
        -- {config, classNames, datasets}: the run as it was when the batch was made
        run_snapshot_json   TEXT NOT NULL,
        -- GenerationRecipe: rng, chunk, bnReference, app/tfjs/backend versions (filled in by the worker)
        recipe_json         TEXT NOT NULL,
        created_at          TEXT NOT NULL
      );
      CREATE INDEX sample_batches_run ON sample_batches(run_id);
      CREATE TABLE samples (
        sample_id    INTEGER PRIMARY KEY,
        batch_id     TEXT NOT NULL REFERENCES sample_batches(batch_id) ON DELETE CASCADE,
        class_index  INTEGER NOT NULL,
        sample_index INTEGER NOT NULL,
        sha256       TEXT NOT NULL,
        -- relative to the studio home: samples/<aa>/<sha256>.png
        path         TEXT NOT NULL,
        kept         INTEGER NOT NULL DEFAULT 1,
        UNIQUE (batch_id, class_index, sample_index)
      );
      CREATE INDEX samples_sha ON samples(sha256);
      CREATE TABLE exports (
        export_id       TEXT PRIMARY KEY,
        out_dir         TEXT NOT NULL,
        format          TEXT NOT NULL,
        resolution      INTEGER,
        with_real_version_id TEXT,
        ratio           REAL,
        batch_ids_json  TEXT NOT NULL,
        files           INTEGER NOT NULL,
        synthetic       INTEGER NOT NULL,
        real            INTEGER NOT NULL,
        created_at      TEXT NOT NULL,
        -- null while the folder is being put in place (rows are written before the final rename)
        completed_at    TEXT,
        -- set when a later export with --overwrite replaced this folder
        replaced_at     TEXT
      );
      CREATE TABLE export_files (
        export_id      TEXT NOT NULL REFERENCES exports(export_id) ON DELETE CASCADE,
        file_name      TEXT NOT NULL,
        sha256         TEXT NOT NULL,
        label          TEXT NOT NULL,
        sample_id      INTEGER REFERENCES samples(sample_id) ON DELETE RESTRICT,
        -- a real image: the dataset version and the original's hash
        real_version_id TEXT,
        source_sha256  TEXT,
        PRIMARY KEY (export_id, file_name)
      ) WITHOUT ROWID;
      CREATE INDEX export_files_sha ON export_files(sha256);
      CREATE INDEX export_files_sample ON export_files(sample_id);
    `);
  },
};
