import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { ApiError } from '../../shared/api/errors';
import { isImmutable, parseImagePath, type ImageRef } from '../../shared/api/image-ref';
import type { Db } from '../db/database';
import { thumbnailFor } from '../datasets/thumbnail-lookup';
import { sampleRelPath } from '../generation/sample-store';
import { runFolder } from '../training/run-folder';
import { sampleGridPath } from '../training/run-folder';

/** An image file a face may send as it is: always a PNG inside the studio home. */
export interface ImageFile {
  path: string;
  bytes: number;
  /** Last change, for the ETag of images that may be rewritten (sample grids). */
  mtimeMs: number;
  /** Content-addressed: the same path always holds the same bytes, so it may be cached forever. */
  immutable: boolean;
}

/** True when `file` is `root` or inside it (both already resolved through symlinks). */
function inside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/**
 * Where an image reference lives, for the web route and the desktop's `app:` protocol. Samples are
 * `<home>/samples/<aa>/<sha256>.png`, thumbnails come from `thumbnailFor` (made on first request), grids are
 * `<home>/runs/<runId>/samples/step-NNNNNNN.png`. The file is resolved through symlinks and must stay inside the
 * home, so a link planted in the home cannot expose anything else.
 * @returns null when there is no such image (or it resolves outside the home).
 */
export function createImageFiles(deps: { db: Db; home: string; readable?: (path: string, registeredFolder?: string) => boolean }):
  (ref: ImageRef) => Promise<ImageFile | null> {
  const { db, home } = deps;
  let realHome: Promise<string> | null = null;

  async function candidate(ref: ImageRef): Promise<string | null> {
    if (ref.kind === 'sample') return join(home, sampleRelPath(ref.sha256));
    // Web mode: a thumbnail is made only from a copy readable there (inside an allowed folder, or inside the folder
    // its dataset was imported from, never through a link out of it).
    if (ref.kind === 'thumb') return thumbnailFor(db, home, ref.sha256, deps.readable);
    return sampleGridPath(runFolder(home, ref.runId), ref.step);
  }

  return async (ref) => {
    const file = await candidate(ref);
    if (!file) return null;
    try {
      realHome ??= realpath(home);
      const real = await realpath(file);
      if (!inside(await realHome, real)) return null;
      const st = await stat(real);
      if (!st.isFile()) return null;
      return { path: real, bytes: st.size, mtimeMs: st.mtimeMs, immutable: isImmutable(ref) };
    } catch {
      return null; // vanished, or never written
    }
  };
}

/** Content-addressed images: the bytes under a path never change, so the browser never needs to ask again. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** Sample grids can be rewritten (a resumed run redoes its steps): cached, but checked with the ETag each time. */
export const REVALIDATE_CACHE = 'private, no-cache';

/** Strong enough for a file rewritten in place: size and modification time. */
export const etagOf = (f: ImageFile): string => `"${f.bytes.toString(16)}-${Math.floor(f.mtimeMs).toString(16)}"`;

/**
 * The response headers of an image, shared by the web route and the desktop's `app:` protocol.
 * `nosniff` with an explicit type: the bytes are only ever shown as a PNG.
 */
export function imageHeaders(f: ImageFile): Record<string, string> {
  return {
    'Content-Type': 'image/png',
    'Content-Length': String(f.bytes),
    'Cache-Control': f.immutable ? IMMUTABLE_CACHE : REVALIDATE_CACHE,
    ETag: etagOf(f),
    'X-Content-Type-Options': 'nosniff',
  };
}

/**
 * The file an image path names.
 * @throws ApiError `bad_input` for a malformed path (any segment), `not_found` when the studio has no such image.
 */
export async function findImage(lookup: (ref: ImageRef) => Promise<ImageFile | null>, path: string): Promise<ImageFile> {
  const ref = parseImagePath(path);
  if (!ref) {
    throw new ApiError('bad_input', `bad image path '${path.slice(0, 120)}': expected /api/image/sample/<sha256>, /api/image/thumb/<sha256> or /api/image/grid/<runId>/<step>`);
  }
  const file = await lookup(ref);
  if (!file) throw new ApiError('not_found', `no image at ${path}`);
  return file;
}

