import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { FASHION_MNIST_DIR } from '../datasets/fashion-mnist';
import { FashionMnistMissingError } from '../datasets/errors';
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
