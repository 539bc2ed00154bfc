import type { Migration } from './types';

/**
 * CycleGAN translations are generated batches (004's sample_batches / samples) with what lineage needs besides:
 * the batch's direction and input, and each output's source image. NULL on cGAN batches and samples.
 */
export const migrateToV5: Migration = {
  version: 5,
  name: 'cyclegan-translations',
  up(db) {
    db.exec(`
      -- 'a2b' or 'b2a' for a translation batch
      ALTER TABLE sample_batches ADD COLUMN direction TEXT CHECK (direction IS NULL OR direction IN ('a2b', 'b2a'));
      -- {kind: 'dir', path} or {kind: 'dataset', ref, versionId, labeled}: what was translated
      ALTER TABLE sample_batches ADD COLUMN source_json TEXT;
      -- the translated file: its hash (lineage) and where it was read (absolute path at translation time)
      ALTER TABLE samples ADD COLUMN source_sha256 TEXT;
      ALTER TABLE samples ADD COLUMN source_path TEXT;
      CREATE INDEX samples_source_sha ON samples(source_sha256);
    `);
  },
};
