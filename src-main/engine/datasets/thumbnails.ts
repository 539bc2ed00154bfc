import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Longest side of a UI thumbnail, in pixels. Images no larger are their own thumbnail when already PNG. */
export const THUMB_SIDE = 64;

/**
 * Where the thumbnail of an image lives: content-addressed by the sha256 of the original bytes, so identical
 * images in any dataset share one file. Always a PNG. The file may be absent (see `ensureThumbnail`).
 */
export function thumbnailPath(home: string, sha256: string): string {
  return join(home, 'cache', 'thumbs', sha256.slice(0, 2), `${sha256}.png`);
}

const madeDirs = new Set<string>();

/**
 * Writes a thumbnail under a temporary name, then renames it: a killed process never leaves half a PNG.
 * Synchronous on purpose: for a few-KB file, sync writes cost ~100 µs where the promise API's thread-pool
 * round trips cost several times that, and small-image imports are bound by exactly this.
 */
export function writeThumbnail(home: string, sha256: string, png: Uint8Array): void {
  const file = thumbnailPath(home, sha256);
  const dir = dirname(file);
  if (!madeDirs.has(dir)) {
    mkdirSync(dir, { recursive: true });
    madeDirs.add(dir);
  }
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, png);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** True when the thumbnail file exists. */
export function hasThumbnail(home: string, sha256: string): boolean {
  return existsSync(thumbnailPath(home, sha256));
}

/** sharp loads when a thumbnail is made, not when a home opens (CLI start-up). */
const loadSharp = async () => (await import('sharp')).default;

/**
 * Renders a thumbnail of decoded image bytes (or a file path): EXIF orientation applied, alpha composited over
 * white, 8-bit, at most THUMB_SIDE on the long side. Throws the decoder's error for a broken image, which is
 * how the importer validates images that miss the PNG fast path (the resize decodes the whole image).
 */
export async function renderThumbnail(input: Buffer | string, gray: boolean): Promise<Buffer> {
  const sharp = await loadSharp();
  return sharp(input, { failOn: 'warning' })
    .autoOrient()
    .resize(THUMB_SIDE, THUMB_SIDE, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .toColourspace(gray ? 'b-w' : 'srgb')
    .png({ compressionLevel: 6 })
    .toBuffer();
}

/**
 * Makes sure the thumbnail of the image with content hash `sha256` exists and returns its path. Images that went
 * through the decoder at import already have one; small PNGs get theirs here, on first view, copied from
 * `sourceFile` (any file holding those bytes; see `findImageFile`). The bytes are checked against the hash.
 * @throws Error when `sourceFile` no longer holds these bytes.
 */
export async function ensureThumbnail(home: string, sha256: string, sourceFile: string): Promise<string> {
  if (hasThumbnail(home, sha256)) return thumbnailPath(home, sha256);
  const bytes = await readFile(sourceFile);
  if (createHash('sha256').update(bytes).digest('hex') !== sha256) throw new Error(`${sourceFile} changed since import: re-import its folder`);
  const meta = await (await loadSharp())(bytes).metadata();
  const small = meta.format === 'png' && (meta.orientation ?? 1) === 1 && Math.max(meta.width ?? 0, meta.height ?? 0) <= THUMB_SIDE;
  writeThumbnail(home, sha256, small ? bytes : await renderThumbnail(bytes, (meta.channels ?? 3) <= 2));
  return thumbnailPath(home, sha256);
}
