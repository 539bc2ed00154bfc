import type { Db } from '../db/database';
import { findImageFiles } from './dataset-repo';
import { ensureThumbnail } from './thumbnails';

/**
 * The thumbnail of an imported image, made on first request from whichever imported copy still holds its bytes.
 * Returns null when no dataset holds the hash or every copy changed or vanished.
 */
export async function thumbnailFor(db: Db, home: string, sha256: string): Promise<string | null> {
  for (const file of findImageFiles(db, sha256)) {
    try {
      return await ensureThumbnail(home, sha256, file);
    } catch {
      // that copy changed or is gone: try the next one
    }
  }
  return null;
}
