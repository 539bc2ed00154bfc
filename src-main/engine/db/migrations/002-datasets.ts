import type { Migration } from './types';

/**
 * Datasets and their frozen versions. A version is the manifest of the files taken (in place: the originals are
 * never copied or touched), its classes (names kept apart from folder names: a class may be called 'T-shirt/top')
 * and its seeded train/holdout split. A version row and all its children are written in one transaction.
 */
export const migrateToV2: Migration = {
  version: 2,
  name: 'datasets',
  up(db) {
    db.exec(`
      CREATE TABLE datasets (
        dataset_id        TEXT PRIMARY KEY,
        name              TEXT NOT NULL UNIQUE,
        kind              TEXT NOT NULL CHECK (kind IN ('labeled','domain')),
        -- the version NAME resolves to: the last one imported (re-importing an old state makes it latest again)
        latest_version_id TEXT,
        created_at        TEXT NOT NULL,
        updated_at        TEXT NOT NULL
      );
      CREATE TABLE dataset_versions (
        version_id       TEXT PRIMARY KEY,
        dataset_id       TEXT NOT NULL REFERENCES datasets(dataset_id) ON DELETE CASCADE,
        seq              INTEGER NOT NULL,
        manifest_sha256  TEXT NOT NULL,
        source_folder    TEXT NOT NULL,
        count            INTEGER NOT NULL,
        holdout_fraction REAL NOT NULL,
        split_seed       INTEGER NOT NULL,
        skipped_json     TEXT NOT NULL,
        empty_classes_json TEXT NOT NULL,
        diff_json        TEXT NOT NULL,
        created_at       TEXT NOT NULL,
        UNIQUE (dataset_id, seq),
        UNIQUE (dataset_id, manifest_sha256)
      );
      CREATE TABLE dataset_classes (
        version_id  TEXT NOT NULL REFERENCES dataset_versions(version_id) ON DELETE CASCADE,
        class_index INTEGER NOT NULL,
        name        TEXT NOT NULL,
        folder      TEXT NOT NULL,
        count       INTEGER NOT NULL,
        PRIMARY KEY (version_id, class_index)
      );
      CREATE TABLE dataset_files (
        version_id  TEXT NOT NULL REFERENCES dataset_versions(version_id) ON DELETE CASCADE,
        file_index  INTEGER NOT NULL,
        rel_path    TEXT NOT NULL,
        sha256      TEXT NOT NULL,
        class_index INTEGER NOT NULL,
        width       INTEGER NOT NULL,
        height      INTEGER NOT NULL,
        channels    INTEGER NOT NULL,
        format      TEXT NOT NULL,
        split       TEXT NOT NULL CHECK (split IN ('train','holdout')),
        PRIMARY KEY (version_id, file_index)
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX dataset_files_path ON dataset_files(version_id, rel_path);
      -- lineage looks real images up by content; re-imports reuse what is known about a hash
      CREATE INDEX dataset_files_sha ON dataset_files(sha256);
    `);
  },
};
