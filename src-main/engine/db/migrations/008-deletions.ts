import type { Migration } from './types';

/**
 * Deleting keeps provenance true: a deleted dataset, run, batch or export keeps its rows, marked with the time it
 * was deleted, so the lineage of an exported file still answers (and says what is gone). The files a delete frees
 * are listed in `pending_deletes` in the transaction that marks the rows, and removed after it: a crash in between
 * is completed when the home is opened again.
 */
export const migrateToV8: Migration = {
  version: 8,
  name: 'deletions',
  up(db) {
    db.exec(`
      ALTER TABLE datasets ADD COLUMN deleted_at TEXT;
      ALTER TABLE runs ADD COLUMN deleted_at TEXT;
      ALTER TABLE sample_batches ADD COLUMN deleted_at TEXT;
      ALTER TABLE exports ADD COLUMN deleted_at TEXT;
      CREATE TABLE pending_deletes (
        path        TEXT PRIMARY KEY,
        recorded_at TEXT NOT NULL
      );
    `);
  },
};
