import { createHash } from 'node:crypto';
import { hashStream } from './hash-file';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { SkippedFile } from '../../shared/domain/dataset';
import { isDiskFullError } from './errors';
import { checkSmallPng } from './png-check';
import { sniffFormat, type ImageFormat } from './sniff-format';
import { renderThumbnail, THUMB_SIDE, writeThumbnail } from './thumbnails';
import { errCode } from './walk-folder';

/** What the manifest records of one image. Width/height are after EXIF orientation; channels as stored. */
export interface ImageFacts {
  sha256: string;
  width: number;
  height: number;
  channels: number;
  format: string;
}

export type Inspection = { ok: true; facts: ImageFacts } | { ok: false; code: SkippedFile['code']; reason: string };

export interface InspectContext {
  home: string;
  maxFileBytes: number;
  /** Facts of an image already imported with these exact bytes (then it is not decoded again). */
  known(sha256: string): Omit<ImageFacts, 'sha256'> | null;
}

/** Files up to this are read with sync calls: one open/fstat/read/close costs ~25 µs, the promise API ~150 µs. */
const SYNC_READ_LIMIT = 1024 * 1024;
/** Files above this are hashed as a stream and decoded from disk instead of being read into memory whole. */
const IN_MEMORY_LIMIT = 32 * 1024 * 1024;
const bmpDecodable = Boolean(sharp.format.magick?.input.file);

const fail = (code: SkippedFile['code'], reason: string): Inspection => ({ ok: false, code, reason });
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Reads one file (never writes it), hashes it, and checks it is an image we can decode, writing its thumbnail on
 * the way. Every failure becomes a skip code with a reason a person can act on; nothing here throws for a bad file.
 */
export async function inspectFile(abs: string, ctx: InspectContext): Promise<Inspection> {
  let size: number;
  let buf: Buffer | null = null;
  try {
    const small = readSmallFile(abs);
    size = small.size;
    buf = small.bytes;
  } catch (err) {
    return fail('unreadable', `cannot be read (${errCode(err)}): check that it exists and its permissions`);
  }
  if (size === 0) return fail('empty_file', 'the file is empty (0 bytes): re-copy or re-download it');
  if (size > ctx.maxFileBytes) return fail('too_large', `${mb(size)} is above the ${mb(ctx.maxFileBytes)} limit: shrink it or raise the size limit`);
  let head: Buffer;
  let sha256: string;
  try {
    if (buf) {
      head = buf.subarray(0, 512);
      sha256 = createHash('sha256').update(buf).digest('hex');
    } else if (size <= IN_MEMORY_LIMIT) {
      buf = await readFile(abs);
      head = buf.subarray(0, 512);
      sha256 = createHash('sha256').update(buf).digest('hex');
    } else {
      head = await readHead(abs, 512);
      sha256 = await hashStream(abs);
    }
  } catch (err) {
    return fail('unreadable', `cannot be read (${errCode(err)}): check its permissions`);
  }
  const sniffed = sniffFormat(head);
  if (sniffed.kind === 'none') return fail('not_an_image', describeNonImage(head));
  if (sniffed.kind === 'unsupported') return fail('unsupported_format', `${sniffed.format} images cannot be decoded here: convert it to PNG or JPEG`);
  if (sniffed.format === 'bmp' && !bmpDecodable) return fail('unsupported_format', 'BMP is not supported by this build of the image decoder: convert it to PNG');
  // The same bytes decode the same way: an image imported before is not decoded again.
  const known = ctx.known(sha256);
  if (known) return { ok: true, facts: { sha256, ...known } };
  try {
    return { ok: true, facts: await decodeAndThumbnail(buf ?? abs, sniffed.format, sha256, ctx.home) };
  } catch (err) {
    // A thumbnail that cannot be written is the home's problem, not the image's: the whole import stops.
    if (isDiskFullError(err)) throw err;
    const message = (err as Error).message.split('\n')[0] ?? '';
    if (/pixel limit/i.test(message)) return fail('too_large', `has too many pixels to decode safely (${message})`);
    return fail('corrupt_image', `${sniffed.format.toUpperCase()} cannot be decoded (${message}): the file is truncated or damaged; re-export it`);
  }
}

async function decodeAndThumbnail(input: Buffer | string, format: ImageFormat, sha256: string, home: string): Promise<ImageFacts> {
  if (format === 'png' && Buffer.isBuffer(input)) {
    const png = checkSmallPng(input, THUMB_SIDE);
    if (png) {
      // A small PNG is its own thumbnail: `ensureThumbnail` copies it on first view. Writing 10k tiny files here
      // would cost more than everything else a 28×28 import does.
      return { sha256, width: png.width, height: png.height, channels: png.channels, format };
    }
  }
  const meta = await sharp(input, { failOn: 'warning' }).metadata();
  const channels = meta.channels ?? 3;
  const thumb = await renderThumbnail(input, channels <= 2);
  writeThumbnail(home, sha256, thumb);
  const rotated = (meta.orientation ?? 1) >= 5;
  const width = (rotated ? meta.height : meta.width) ?? 0;
  const height = (rotated ? meta.width : meta.height) ?? 0;
  return { sha256, width, height, channels, format };
}

function describeNonImage(head: Buffer): string {
  const sample = head.subarray(0, 256);
  const printable = sample.filter((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b !== 127)).length;
  if (sample.length > 0 && !sample.includes(0) && printable / sample.length > 0.95) {
    return 'the content is text, not an image (whatever its name says): remove it from the folder';
  }
  return 'the content is not a PNG, JPEG, WebP, GIF, TIFF or BMP image: remove it or convert it';
}

/** Size of the file, and its bytes when it is small enough to read synchronously (null otherwise). */
function readSmallFile(abs: string): { size: number; bytes: Buffer | null } {
  const fd = openSync(abs, 'r');
  try {
    const { size } = fstatSync(fd);
    if (size === 0 || size > SYNC_READ_LIMIT) return { size, bytes: null };
    const bytes = Buffer.allocUnsafe(size);
    let at = 0;
    while (at < size) {
      const n = readSync(fd, bytes, at, size - at, at);
      if (n === 0) break;
      at += n;
    }
    return { size: at, bytes: at === size ? bytes : bytes.subarray(0, at) };
  } finally {
    closeSync(fd);
  }
}

async function readHead(file: string, bytes: number): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const out = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(out, 0, bytes, 0);
    return out.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

