import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/engine/db/database';
import {
  addFashionMnistSample, buildTrainingCache, getDataset, importDataset, loadTrainingCache, thumbnailFor, trainingCachePath,
} from '../../../src-main/engine/datasets';
import { png, put, tempDir, unusualImages } from '../../fixtures/image-folders';

let home: string;
let db: Db;
beforeEach(() => {
  home = tempDir('gs-home-');
  db = openDatabase(join(home, 'studio.db'));
});
afterEach(() => db.close());

it('round-trips a training cache: shapes, labels, split, preprocessing', async () => {
  const root = tempDir();
  // a 20×10 white-left/black-right image: centre-crop keeps the middle, pad letterboxes it
  const half = Buffer.alloc(20 * 10 * 3);
  for (let y = 0; y < 10; y++) for (let x = 0; x < 10; x++) half.fill(255, (y * 20 + x) * 3, (y * 20 + x) * 3 + 3);
  put(root, 'a/half.png', await sharp(half, { raw: { width: 20, height: 10, channels: 3 } }).png().toBuffer());
  for (const [name, bytes] of Object.entries(await unusualImages())) put(root, `b/${name}`, bytes);
  for (let i = 0; i < 10; i++) put(root, `a/${i}.png`, png(i, 8, 4));
  const r = await importDataset(db, home, { folder: root, kind: 'labeled', name: 'c' });
  const header = await buildTrainingCache(db, home, r.versionId, { resolution: 16, channels: 3, fit: 'crop' });
  expect(header).toMatchObject({ count: 20, classNames: ['a', 'b'], train: 18, holdout: 2 });
  const train = await loadTrainingCache(db, home, r.versionId, { resolution: 16, channels: 3, fit: 'crop' });
  expect(train.images.length).toBe(18 * 16 * 16 * 3);
  expect(train.labels.length).toBe(18);
  const all = await loadTrainingCache(db, home, r.versionId, { resolution: 16, channels: 1, fit: 'pad', split: 'all' });
  expect(all.images.length).toBe(20 * 16 * 16);
  expect([...all.labels].filter((l) => l === 0).length).toBe(11);
  // pad: the letterboxed 20×10 image has black rows at the top
  const manifest = db.prepare("SELECT split FROM dataset_files WHERE rel_path = 'a/half.png'").get() as { split: string };
  if (manifest.split === 'train') {
    const row = [...db.prepare("SELECT rel_path FROM dataset_files WHERE version_id = ? AND split = 'train' ORDER BY file_index").all(r.versionId)].findIndex((x) => (x as { rel_path: string }).rel_path === 'a/half.png');
    const img = all.images.subarray(row * 256, (row + 1) * 256);
    expect(img[0]).toBe(0); // top-left: padding
    expect(img[8 * 16 + 1]).toBe(255); // middle row, left: white half
  }
  expect(existsSync(trainingCachePath(home, r.versionId, { resolution: 16, channels: 3, fit: 'crop' }))).toBe(true);
  // a changed file fails a new cache build with conflict
  writeFileSync(join(root, 'a/0.png'), png(99, 8, 4));
  await expect(buildTrainingCache(db, home, r.versionId, { resolution: 8, channels: 1, fit: 'crop' })).rejects.toMatchObject({ code: 'conflict' });
});

it('makes thumbnails on demand for small PNGs and at import for the rest', async () => {
  const root = tempDir();
  put(root, 'a/small.png', png(1, 8));
  put(root, 'a/big.png', (await unusualImages())['big.png']!);
  await importDataset(db, home, { folder: root, kind: 'labeled' });
  const rows = db.prepare('SELECT rel_path, sha256 FROM dataset_files ORDER BY rel_path').all() as { rel_path: string; sha256: string }[];
  for (const row of rows) {
    const thumb = await thumbnailFor(db, home, row.sha256);
    expect(thumb).not.toBeNull();
    const meta = await sharp(readFileSync(thumb!)).metadata();
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(64);
  }
});

it('builds the Fashion-MNIST sample with class names apart from folder names', async () => {
  const r = await addFashionMnistSample(db, home, { perClass: 20 });
  expect(r.count).toBe(200);
  expect(r.skipped).toEqual([]);
  expect(r.classes.map((c) => c.name)).toContain('T-shirt/top');
  expect(r.classes.every((c) => c.count === 20)).toBe(true);
  const again = await addFashionMnistSample(db, home, { perClass: 20 });
  expect(again.versionId).toBe(r.versionId);
  const data = await loadTrainingCache(db, home, r.versionId, { resolution: 28, channels: 1, fit: 'crop' });
  expect(data.count).toBe(180);
  expect(data.header.classNames).toContain('T-shirt/top');
  expect(getDataset(db, 'fashion-mnist')?.count).toBe(200);
  await expect(addFashionMnistSample(db, home, { perClass: 1, dir: '/nonexistent' })).rejects.toThrow(/apt-get install dataset-fashion-mnist/);
});
