import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CacheFit, DatasetProgress } from '../../shared/domain/dataset';
import type { Db } from '../db/database';
import { findVersion, iterateVersionFiles, listVersionClasses } from './dataset-repo';
import { DatasetFilesChangedError, DatasetNotFoundError } from './errors';
import { forEachBounded } from './pool';
import { preprocessImage } from './preprocess';
import { ProgressMeter } from './progress';

/** Which cache: one file per (version, resolution, channels, fit). */
export interface CacheSpec {
  resolution: number;
  channels: 1 | 3;
  /** 'crop' (default) = centre-crop to square; 'pad' = letterbox on black. */
  fit?: CacheFit;
}

export interface CacheHeader {
  versionId: string;
  resolution: number;
  channels: 1 | 3;
  fit: CacheFit;
  count: number;
  /** Rows [0, train) are the train split, [train, count) the holdout, each in manifest order. */
  train: number;
  holdout: number;
  classNames: string[];
}

const MAGIC = 'GSTCACHE';
const FORMAT = 1;
const align8 = (n: number): number => Math.ceil(n / 8) * 8;

/** `<home>/cache/training/<versionId>/r<R>-c<C>-<fit>.bin`. */
export function trainingCachePath(home: string, versionId: string, spec: CacheSpec): string {
  return join(home, 'cache', 'training', versionId, `r${spec.resolution}-c${spec.channels}-${spec.fit ?? 'crop'}.bin`);
}

/**
 * Builds (once) the training cache of a version: header, uint16 labels, then uint8 images [N, R, R, C], train
 * split first. Each file is re-hashed as it is decoded, so a file changed since import fails the build.
 * Written under a temporary name and renamed, so a killed build leaves no cache. Returns the header.
 * @throws DatasetFilesChangedError (conflict) when files changed or vanished; not_found for an unknown version.
 */
export async function buildTrainingCache(
  db: Db, home: string, versionId: string,
  spec: CacheSpec & { signal?: AbortSignal; onProgress?: (p: DatasetProgress) => void },
): Promise<CacheHeader> {
  const file = trainingCachePath(home, versionId, spec);
  if (await stat(file).catch(() => null)) return (await readCacheFile(file)).header;
  const version = findVersion(db, versionId);
  if (!version) throw new DatasetNotFoundError(versionId);
  const rows: { rel: string; sha256: string; label: number; holdout: boolean }[] = [];
  for (const f of iterateVersionFiles(db, versionId)) rows.push({ rel: f.rel, sha256: f.sha256, label: f.classIndex, holdout: f.split === 'holdout' });
  const ordered = [...rows.filter((r) => !r.holdout), ...rows.filter((r) => r.holdout)];
  const header: CacheHeader = {
    versionId, resolution: spec.resolution, channels: spec.channels, fit: spec.fit ?? 'crop', count: ordered.length,
    train: ordered.length - rows.filter((r) => r.holdout).length, holdout: rows.filter((r) => r.holdout).length,
    classNames: listVersionClasses(db, versionId).map((c) => c.name),
  };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const labelsAt = align8(16 + headerBytes.length);
  const imagesAt = align8(labelsAt + 2 * ordered.length);
  const frame = spec.resolution * spec.resolution * spec.channels;
  const prefix = Buffer.alloc(imagesAt);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(FORMAT, 8);
  prefix.writeUInt32LE(headerBytes.length, 12);
  headerBytes.copy(prefix, 16);
  ordered.forEach((r, i) => prefix.writeUInt16LE(r.label, labelsAt + 2 * i));

  await mkdir(join(home, 'cache', 'training', versionId), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fh = await open(tmp, 'w');
  const problems: { path: string; reason: string }[] = [];
  const meter = new ProgressMeter(spec.onProgress);
  let done = 0;
  try {
    await fh.write(prefix, 0, prefix.length, 0);
    await forEachBounded(ordered.entries(), 6, async ([i, r]) => {
      const bytes = await readFile(join(version.sourceFolder, r.rel)).catch(() => null);
      if (!bytes) problems.push({ path: r.rel, reason: 'missing or unreadable' });
      else if (createHash('sha256').update(bytes).digest('hex') !== r.sha256) problems.push({ path: r.rel, reason: 'bytes changed' });
      else {
        // Positional writes: images land at their row whatever order the pool finishes them in.
        const pixels = await preprocessImage(bytes, spec.resolution, spec.channels, header.fit);
        await fh.write(pixels, 0, frame, imagesAt + i * frame);
      }
      meter.report('caching', ++done, ordered.length, problems.length, false);
    }, spec.signal);
    await fh.close();
    if (problems.length > 0) throw new DatasetFilesChangedError(versionId, problems);
    await rename(tmp, file);
  } catch (err) {
    await fh.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
  }
  return header;
}

/** A loaded cache: `images` is [N, R, R, C] uint8 (a view, no copy) and `labels` the class index of each row. */
export interface TrainingData {
  header: CacheHeader;
  images: Uint8Array;
  labels: Uint16Array;
  count: number;
  file: string;
}

/**
 * Loads a version's training cache, building it first when missing. `split` 'train' (default: what training
 * uses), 'holdout', or 'all' selects rows without copying the images.
 */
export async function loadTrainingCache(
  db: Db, home: string, versionId: string,
  spec: CacheSpec & { split?: 'train' | 'holdout' | 'all'; signal?: AbortSignal; onProgress?: (p: DatasetProgress) => void },
): Promise<TrainingData> {
  await buildTrainingCache(db, home, versionId, spec);
  const file = trainingCachePath(home, versionId, spec);
  const { header, images, labels } = await readCacheFile(file);
  const split = spec.split ?? 'train';
  const [from, to] = split === 'train' ? [0, header.train] : split === 'holdout' ? [header.train, header.count] : [0, header.count];
  const frame = header.resolution * header.resolution * header.channels;
  return { header, images: images.subarray(from * frame, to * frame), labels: labels.slice(from, to), count: to - from, file };
}

async function readCacheFile(file: string): Promise<{ header: CacheHeader; images: Uint8Array; labels: Uint16Array }> {
  const buf = await readFile(file);
  if (buf.toString('latin1', 0, 8) !== MAGIC || buf.readUInt32LE(8) !== FORMAT) throw new Error(`${file} is not a GAN Studio training cache: delete it to rebuild`);
  const headerLength = buf.readUInt32LE(12);
  const header = JSON.parse(buf.toString('utf8', 16, 16 + headerLength)) as CacheHeader;
  const labelsAt = align8(16 + headerLength);
  const imagesAt = align8(labelsAt + 2 * header.count);
  const labels = new Uint16Array(header.count);
  for (let i = 0; i < header.count; i++) labels[i] = buf.readUInt16LE(labelsAt + 2 * i);
  const frame = header.resolution * header.resolution * header.channels;
  if (buf.length !== imagesAt + header.count * frame) throw new Error(`${file} is incomplete: delete it to rebuild`);
  return { header, labels, images: new Uint8Array(buf.buffer, buf.byteOffset + imagesAt, header.count * frame) };
}
