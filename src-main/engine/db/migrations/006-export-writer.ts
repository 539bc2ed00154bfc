import type { Migration } from './types';

/**
 * Where a pending export is being written and by which process, so an export left pending by a crash (rows
 * written, folder never put in place) can be told from one in progress and cleaned up on the next open.
 */
export const migrateToV6: Migration = {
  version: 6,
  name: 'export-writer',
  up(db) {
    db.exec(`
      -- the hidden temporary folder next to out_dir that the export is written to (before the final rename)
      ALTER TABLE exports ADD COLUMN tmp_dir TEXT;
      -- the pid of the process writing it; a pending export whose process is gone was interrupted
      ALTER TABLE exports ADD COLUMN writer_pid INTEGER;
    `);
  },
};
