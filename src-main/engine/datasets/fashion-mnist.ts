import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { DatasetProgress, ImportResult } from '../../shared/domain/dataset';
import type { Db } from '../db/database';
import { FashionMnistMissingError } from './errors';
import { importDataset } from './import-dataset';
import { encodePng } from './png-encode';

/** Where Debian's `dataset-fashion-mnist` package puts the IDX files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** Label index → class name, as Zalando publishes them. 'T-shirt/top' holds a '/', hence separate folder names. */
export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
const folderOf = (name: string): string => name.replace(/[/\\]/g, '_');

/**
 * Builds the labeled sample dataset from the first `perClass` training images of each Fashion-MNIST class:
 * writes them as 28×28 PNGs under `<home>/datasets/samples/fashion-mnist-<perClass>/` (once; the same bytes
 * every time, so repeating gives back the same version), then imports that folder.
 * @throws FashionMnistMissingError (not_found) naming `apt-get install dataset-fashion-mnist` when absent.
 */
export async function addFashionMnistSample(
  db: Db, home: string,
  options: { perClass: number; name?: string; dir?: string; signal?: AbortSignal; onProgress?: (p: DatasetProgress) => void },
): Promise<ImportResult> {
  const dir = options.dir ?? FASHION_MNIST_DIR;
  const imagesFile = join(dir, 'train-images-idx3-ubyte.gz');
  const labelsFile = join(dir, 'train-labels-idx1-ubyte.gz');
  if (!existsSync(imagesFile) || !existsSync(labelsFile)) throw new FashionMnistMissingError(dir);
  const perClass = Math.max(1, Math.min(6000, Math.floor(options.perClass)));
  const folder = join(home, 'datasets', 'samples', `fashion-mnist-${perClass}`);
  if (!existsSync(join(folder, '.complete'))) await writeSample(folder, imagesFile, labelsFile, perClass);
  const classNames = Object.fromEntries(FASHION_MNIST_CLASSES.map((n) => [folderOf(n), n]));
  return importDataset(db, home, {
    folder, kind: 'labeled', name: options.name ?? 'fashion-mnist', classNames, signal: options.signal, onProgress: options.onProgress,
  });
}

async function writeSample(folder: string, imagesFile: string, labelsFile: string, perClass: number): Promise<void> {
  const images = gunzipSync(await readFile(imagesFile));
  const labels = gunzipSync(await readFile(labelsFile));
  // IDX: big-endian magic 0x803 (images) / 0x801 (labels), then dimensions.
  if (images.readUInt32BE(0) !== 0x803 || labels.readUInt32BE(0) !== 0x801) throw new Error('Fashion-MNIST files are not IDX files: reinstall dataset-fashion-mnist');
  const count = labels.readUInt32BE(4);
  const rows = images.readUInt32BE(8);
  const cols = images.readUInt32BE(12);
  // Build in a temporary folder renamed at the end, so a killed run never leaves a partial sample behind.
  const tmp = `${folder}.${process.pid}.tmp`;
  await rm(tmp, { recursive: true, force: true });
  for (const name of FASHION_MNIST_CLASSES) await mkdir(join(tmp, folderOf(name)), { recursive: true });
  const taken = new Array<number>(FASHION_MNIST_CLASSES.length).fill(0);
  for (let i = 0; i < count; i++) {
    const label = labels[8 + i] ?? 0;
    if ((taken[label] ?? perClass) >= perClass) continue;
    taken[label] = (taken[label] ?? 0) + 1;
    const pixels = images.subarray(16 + i * rows * cols, 16 + (i + 1) * rows * cols);
    const file = join(tmp, folderOf(FASHION_MNIST_CLASSES[label] ?? String(label)), `${String(i).padStart(5, '0')}.png`);
    await writeFile(file, encodePng(pixels, cols, rows, 1));
    if (taken.every((t) => t >= perClass)) break;
  }
  await writeFile(join(tmp, '.complete'), '');
  await rm(folder, { recursive: true, force: true });
  await rename(tmp, folder);
}
