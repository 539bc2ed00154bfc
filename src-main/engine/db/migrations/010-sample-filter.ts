import type { Migration } from './types';

/**
 * The classifier filter at generation. A filtered batch records its settings and classifier (filter_json; NULL =
 * made without the filter, as every older batch was). Each drawn sample the filter turned away gets a row with its
 * latent index, so it can be regenerated from (seed, class, index), but no image: rejects are never stored as
 * samples, so the gallery, lineage and exports cannot meet them. A reject kept anyway to reach N (after 20×N draws)
 * stays here with kept_to_fill = 1 and is also a sample.
 */
export const migrateToV10: Migration = {
  version: 10,
  name: 'sample-filter',
  up(db) {
    db.exec(`
      CREATE TABLE rejected_samples (
        batch_id        TEXT NOT NULL REFERENCES sample_batches(batch_id) ON DELETE CASCADE,
        class_index     INTEGER NOT NULL,
        -- the latent index: regenerate with (batch seed, class, index)
        sample_index    INTEGER NOT NULL,
        reason          TEXT NOT NULL CHECK (reason IN ('low_confidence','near_duplicate')),
        -- the classifier's probability of the intended class, and the class it preferred
        confidence      REAL NOT NULL,
        predicted_index INTEGER NOT NULL,
        -- near_duplicate: the kept sample it was too close to, and the feature distance
        duplicate_of    INTEGER,
        distance        REAL,
        kept_to_fill    INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (batch_id, class_index, sample_index)
      ) WITHOUT ROWID;
      -- {minConfidence, nearDuplicateFraction, maxDrawFactor, classifier}; NULL = no filter
      ALTER TABLE sample_batches ADD COLUMN filter_json TEXT;
    `);
  },
};
