import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `samples/<aa>/<sha256>.png`, relative to the studio home. */
export const sampleRelPath = (sha256: string): string => join('samples', sha256.slice(0, 2), `${sha256}.png`);

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Stores PNG bytes content-addressed in the home; equal bytes are stored once. Written under a temporary name
 * and renamed, so a killed write never leaves a truncated file under a hash name. Sync: the files are tiny and
 * the generation loop is CPU-bound anyway. Returns the hash, the relative path and the file's size in bytes (equal
 * bytes: the size of the file already there), which the sample row records for disk use.
 */
export function storeSample(home: string, png: Uint8Array): { sha256: string; path: string; bytes: number } {
  const sha256 = sha256Hex(png);
  const rel = sampleRelPath(sha256);
  const file = join(home, rel);
  if (!existsSync(file)) {
    mkdirSync(join(home, 'samples', sha256.slice(0, 2)), { recursive: true });
    const tmp = `${file}.${process.pid}.${randomBytes(3).toString('hex')}.tmp`;
    writeFileSync(tmp, png);
    renameSync(tmp, file);
  }
  return { sha256, path: rel, bytes: png.byteLength };
}
