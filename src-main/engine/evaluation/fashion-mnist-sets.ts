import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ImportResult } from '../../shared/domain/dataset';
import type { Db } from '../db/database';
import { FASHION_MNIST_CLASSES, FASHION_MNIST_DIR } from '../datasets/fashion-mnist';
import { FashionMnistMissingError } from '../datasets/errors';
import { importDataset } from '../datasets/import-dataset';
import { encodePng } from '../datasets/png-encode';
import type { ImageSet } from './image-set';

/** Whether Debian's dataset-fashion-mnist files are there (the bench and tests skip or state it when not). */
export function hasFashionMnist(dir = FASHION_MNIST_DIR): boolean {
  return ['train', 't10k'].every((k) => existsSync(join(dir, `${k}-images-idx3-ubyte.gz`)) && existsSync(join(dir, `${k}-labels-idx1-ubyte.gz`)));
}

/**
 * Fashion-MNIST IDX images as an in-memory set (28×28×1, labels 0–9): `perClass` images of each class, after
 * skipping the first `skip` of each class (so a second draw never overlaps the first). Without `perClass`: all.
 */
export function readFashionMnistSet(kind: 'train' | 't10k', opts: { perClass?: number; skip?: number; dir?: string } = {}): ImageSet {
  const dir = opts.dir ?? FASHION_MNIST_DIR;
  if (!hasFashionMnist(dir)) throw new FashionMnistMissingError(dir);
  const images = gunzipSync(readFileSync(join(dir, `${kind}-images-idx3-ubyte.gz`)));
  const labels = gunzipSync(readFileSync(join(dir, `${kind}-labels-idx1-ubyte.gz`)));
  const n = labels.readUInt32BE(4);
  const seen = new Array<number>(10).fill(0);
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = labels[8 + i]!;
    const at = seen[k]!++;
    if (at >= (opts.skip ?? 0) && (opts.perClass === undefined || at < (opts.skip ?? 0) + opts.perClass)) rows.push(i);
  }
  const pixels = new Uint8Array(rows.length * 784), out = new Int32Array(rows.length);
  rows.forEach((r, i) => {
    pixels.set(images.subarray(16 + r * 784, 16 + (r + 1) * 784), i * 784);
    out[i] = labels[8 + r]!;
  });
  return { resolution: 28, channels: 1, count: rows.length, pixels, labels: out };
}

/**
 * Imports a block of Fashion-MNIST as a labeled dataset `name`, with the sample's class names: `perClass` images
 * per class after skipping `skip` (all when perClass is absent) of `split` ('t10k': the 10,000 official test
 * images, the test set an evaluation names with `--test`). PNGs are written once under
 * `<home>/datasets/samples/fashion-mnist-<split>-<skip>-<perClass|all>/` (same bytes every time → same version).
 */
export async function importFashionMnistSet(db: Db, home: string,
  o: { split: 'train' | 't10k'; name: string; perClass?: number; skip?: number; holdoutFraction?: number }): Promise<ImportResult> {
  const set = readFashionMnistSet(o.split, { perClass: o.perClass, skip: o.skip });
  const folder = join(home, 'datasets', 'samples', `fashion-mnist-${o.split}-${o.skip ?? 0}-${o.perClass ?? 'all'}`);
  if (!existsSync(join(folder, '.complete'))) {
    // Built in a temporary folder renamed at the end: a killed run never leaves half a dataset behind.
    const tmp = `${folder}.${process.pid}.tmp`;
    await rm(tmp, { recursive: true, force: true });
    for (const c of FASHION_MNIST_CLASSES) await mkdir(join(tmp, folderOf(c)), { recursive: true });
    for (let i = 0; i < set.count; i++) {
      const file = join(tmp, folderOf(FASHION_MNIST_CLASSES[set.labels[i]!]!), `${String(i).padStart(5, '0')}.png`);
      await writeFile(file, encodePng(set.pixels.subarray(i * 784, (i + 1) * 784), 28, 28, 1));
    }
    await writeFile(join(tmp, '.complete'), '');
    await rm(folder, { recursive: true, force: true });
    await rename(tmp, folder);
  }
  const classNames = Object.fromEntries(FASHION_MNIST_CLASSES.map((n) => [folderOf(n), n]));
  return importDataset(db, home, { folder, kind: 'labeled', name: o.name, classNames, ...(o.holdoutFraction !== undefined ? { holdoutFraction: o.holdoutFraction } : {}) });
}
const folderOf = (name: string): string => name.replace(/[/\\]/g, '_');
