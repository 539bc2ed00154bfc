import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { ApiError } from '../shared/api/errors';
import { homeLayout } from '../engine/home/studio-home';

/** Largest file one upload request may carry (the importer's default limit). */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

/** Path segments a browser may send: no empty, `.`/`..`, NUL or separators inside a segment. */
function safeSegments(rel: string): string[] {
  const parts = rel.split('/').map((p) => decodeURIComponent(p));
  for (const p of parts) {
    if (!p || p === '.' || p === '..' || /[\0\\]/.test(p) || p.length > 255) throw new ApiError('bad_input', `unsafe upload path '${rel.slice(0, 200)}'`);
  }
  if (parts.length > 32) throw new ApiError('bad_input', 'upload path too deep');
  return parts;
}

/**
 * `PUT /api/upload/<uploadId>/<relative path>`: one file of a dropped folder, written into the dataset folder that
 * `uploads.create` made in the studio home (the path is relative to that folder: `cats/001.png`). Streams to a temporary name and renames when complete, so an
 * interrupted upload never leaves a half file that an import would take.
 * @returns the bytes written.
 */
export async function receiveUpload(home: string, uploadId: string, rel: string, req: IncomingMessage): Promise<number> {
  if (!/^[\w-]{1,64}$/.test(uploadId)) throw new ApiError('bad_input', 'bad upload id');
  const uploadDir = join(homeLayout(home).uploads, uploadId);
  const folders = existsSync(uploadDir) ? readdirSync(uploadDir, { withFileTypes: true }).filter((e) => e.isDirectory()) : [];
  if (folders.length !== 1) throw new ApiError('not_found', `no upload ${uploadId}: call uploads.create first`);
  const root = join(uploadDir, folders[0]!.name);
  const target = resolve(root, ...safeSegments(rel));
  if (!target.startsWith(root + sep)) throw new ApiError('bad_input', 'upload path leaves its folder');
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_UPLOAD_BYTES) throw new ApiError('bad_input', `file larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.${randomBytes(4).toString('hex')}.uploading`;
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      cb(size > MAX_UPLOAD_BYTES ? new ApiError('bad_input', `file larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`) : null, chunk);
    },
  });
  try {
    await pipeline(req, limit, createWriteStream(tmp, { flags: 'wx' }));
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  return size;
}
