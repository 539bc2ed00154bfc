import { existsSync } from 'node:fs';
import type { Db } from '../db/database';
import { findImageCopies } from './dataset-repo';
import { ensureThumbnail, thumbnailPath } from './thumbnails';

/**
 * The thumbnail of an imported image, made on first request from whichever imported copy still holds its bytes.
 * With `readable` (web mode), a cached thumbnail or an imported copy (with the dataset folder it was imported
 * from) that the face may not read is never opened.
 * Returns null when no dataset holds the hash or every (readable) copy changed or vanished.
 */
export async function thumbnailFor(db: Db, home: string, sha256: string, readable?: (path: string, registeredFolder?: string) => boolean): Promise<string | null> {
  const cached = thumbnailPath(home, sha256);
  if (readable && existsSync(cached)) return readable(cached) ? cached : null;
  for (const { file, folder } of findImageCopies(db, sha256)) {
    if (readable && !readable(file, folder)) continue;
    try {
      const made = await ensureThumbnail(home, sha256, file);
      if (!readable || readable(made)) return made;
    } catch {
      // that copy changed or is gone: try the next one
    }
  }
  return null;
}
