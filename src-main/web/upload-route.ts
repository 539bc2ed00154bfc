import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, lstatSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { ApiError } from '../shared/api/errors';
import { homeLayout } from '../engine/home/studio-home';
import { PayloadTooLargeError } from './http-errors';

/** Largest file one upload request may carry (the importer's default limit). */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

const errno = (err: unknown): string => (err as { code?: string } | null)?.code ?? '';

/** Path segments a browser may send: no empty, `.`/`..`, NUL or separators inside a segment, valid %-escapes. */
function safeSegments(rel: string): string[] {
  const shown = rel.slice(0, 200);
  let parts: string[];
  try {
    parts = rel.split('/').map((p) => decodeURIComponent(p));
  } catch {
    throw new ApiError('bad_input', `upload path '${shown}' has a malformed %-escape: encode each segment with encodeURIComponent`);
  }
  for (const p of parts) {
    if (!p || p === '.' || p === '..' || /[\0\\]/.test(p) || p.length > 255) throw new ApiError('bad_input', `unsafe upload path '${shown}'`);
  }
  if (parts.length > 32) throw new ApiError('bad_input', 'upload path too deep');
  return parts;
}

/**
 * An fs failure as an answer a browser may see: the path relative to the upload, never the server's absolute
 * paths or temporary names.
 */
function storeError(err: unknown, rel: string): ApiError {
  if (err instanceof ApiError) return err;
  switch (errno(err)) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new ApiError('disk_full', `the disk holding the studio home is full: '${rel}' was not kept; free some space and upload it again`);
    case 'EISDIR':
    case 'ENOTEMPTY':
    case 'EEXIST':
      return new ApiError('conflict', `'${rel}' is a folder in this upload: a file cannot replace it`);
    case 'ENAMETOOLONG':
      return new ApiError('bad_input', `a name in '${rel.slice(0, 200)}' is too long for this file system: shorten it`);
    case 'ENOTDIR':
      return new ApiError('conflict', `a folder on the way to '${rel}' is a file in this upload: rename one of them`);
    default:
      return new ApiError('internal', `cannot store '${rel}' (${errno(err) || 'write failed'})`);
  }
}

/**
 * `PUT /api/upload/<uploadId>/<relative path>`: one file of a dropped folder, written into the dataset folder that
 * `uploads.create` made in the studio home (the path is relative to that folder: `cats/001.png`). Streams to a
 * temporary name and renames when complete, so an interrupted upload never leaves a half file that an import
 * would take. The folder the file lands in must resolve (links included) inside the upload's folder.
 * @returns the bytes written.
 * @throws ApiError bad_input (path), not_found (upload), conflict (a folder or file in the way), disk_full;
 *   PayloadTooLargeError (413) above MAX_UPLOAD_BYTES.
 */
export async function receiveUpload(home: string, uploadId: string, rel: string, req: IncomingMessage): Promise<number> {
  if (!/^[\w-]{1,64}$/.test(uploadId)) throw new ApiError('bad_input', 'bad upload id');
  const segments = safeSegments(rel);
  const shown = segments.join('/');
  const uploadDir = join(homeLayout(home).uploads, uploadId);
  const folders = existsSync(uploadDir) ? readdirSync(uploadDir, { withFileTypes: true }).filter((e) => e.isDirectory()) : [];
  if (folders.length !== 1) throw new ApiError('not_found', `no upload ${uploadId}: call uploads.create first`);
  const root = join(uploadDir, folders[0]!.name);
  const target = resolve(root, ...segments);
  if (!target.startsWith(root + sep)) throw new ApiError('bad_input', 'upload path leaves its folder');
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_UPLOAD_BYTES) throw new PayloadTooLargeError('the file', MAX_UPLOAD_BYTES);
  try {
    if (lstatSync(target, { throwIfNoEntry: false })?.isDirectory()) throw storeError({ code: 'EISDIR' }, shown);
    mkdirSync(dirname(target), { recursive: true });
  } catch (err) {
    throw storeError(err, shown);
  }
  const realRoot = realpathSync(root);
  const realDir = realpathSync(dirname(target));
  if (realDir !== realRoot && !realDir.startsWith(realRoot + sep)) {
    throw new ApiError('forbidden_path', `'${shown}' leads through a link out of the upload's folder`);
  }
  // A dotfile: an import that runs while this file is still arriving skips it quietly (walk-folder's hidden names).
  // Not derived from the file's name, which may already be as long as a name can be.
  const tmp = join(dirname(target), `.upload-${randomBytes(6).toString('hex')}.uploading`);
  let size = 0;
  // Above the limit the rest is read and dropped rather than the request destroyed: the client gets a 413, not a reset.
  const limit = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      cb(null, size > MAX_UPLOAD_BYTES ? undefined : chunk);
    },
  });
  try {
    await pipeline(req, limit, createWriteStream(tmp, { flags: 'wx' }));
    if (size > MAX_UPLOAD_BYTES) throw new PayloadTooLargeError('the file', MAX_UPLOAD_BYTES);
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw storeError(err, shown);
  }
  return size;
}
