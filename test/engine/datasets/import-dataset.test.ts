import { chmodSync, mkdirSync, readFileSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/engine/db/database';
import { getDataset, getDatasetDetail, importDataset, listDatasetImages, listDatasets, verifyDatasetFiles } from '../../../src-main/engine/datasets';
import { png, put, tempDir, unusualImages } from '../../fixtures/image-folders';

let home: string;
let db: Db;
beforeEach(() => {
  home = tempDir('gs-home-');
  db = openDatabase(join(home, 'studio.db'));
});
afterEach(() => db.close());

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

describe('importDataset: what gets skipped, and why', () => {
  it('reports every bad file with a code and imports the rest', async () => {
    const root = tempDir();
    put(root, 'cat/ok.png', png(1));
    put(root, 'cat/empty.png', '');
    put(root, 'cat/truncated.png', png(2, 16).subarray(0, 60));
    const jpg = (await unusualImages())['rotated.jpg']!;
    put(root, 'cat/corrupt.jpg', Buffer.concat([jpg.subarray(0, 200), Buffer.alloc(50, 7)]));
    put(root, 'cat/notes.png', 'this is a text file');
    put(root, 'cat/big.png', png(3, 40));
    put(root, 'cat/.DS_Store', 'junk');
    put(root, 'cat/Thumbs.db', 'junk');
    put(root, '.hidden/x.png', png(4));
    put(root, 'readme.txt', 'top-level file');
    const locked = put(root, 'cat/locked.png', png(5));
    chmodSync(locked, 0o000);
    symlinkSync('loop', join(root, 'cat', 'loop'));
    symlinkSync('..', join(root, 'cat', 'up'));
    mkdirSync(join(root, 'empty class'));

    const r = await importDataset(db, home, { folder: root, kind: 'labeled', name: 'mixed', maxFileBytes: 2000 });
    const codes = Object.fromEntries(r.skipped.map((s) => [s.path, s.code]));
    expect(codes['cat/empty.png']).toBe('empty_file');
    expect(codes['cat/truncated.png']).toBe('corrupt_image');
    expect(codes['cat/corrupt.jpg']).toBe('corrupt_image');
    expect(codes['cat/notes.png']).toBe('not_an_image');
    expect(codes['cat/big.png']).toBe('too_large');
    expect(codes['cat/loop']).toBe('symlink_loop');
    expect(codes['cat/up']).toBe('symlink_loop');
    expect(codes['readme.txt']).toBe('not_in_class');
    // root reads any file whatever its mode: there the locked file is simply imported
    if (isRoot) expect(codes['cat/locked.png']).toBeUndefined();
    else expect(codes['cat/locked.png']).toBe('unreadable');
    expect(Object.keys(codes).some((p) => p.includes('DS_Store') || p.includes('Thumbs') || p.includes('.hidden'))).toBe(false);
    for (const s of r.skipped) expect(s.reason.length).toBeGreaterThan(10);
    expect(r.emptyClasses).toEqual(['empty class']);
    expect(r.classes).toEqual([{ name: 'cat', count: isRoot ? 2 : 1 }]);
  });

  it('takes every unusual format, Unicode class names and nested folders', async () => {
    const root = tempDir();
    for (const [name, bytes] of Object.entries(await unusualImages())) put(root, `Kätzchen 猫/${name}`, bytes);
    put(root, 'dog days/a/b/deep.png', png(10));
    const r = await importDataset(db, home, { folder: root, kind: 'labeled', name: 'formats' });
    expect(r.skipped).toEqual([]);
    expect(r.classes).toEqual([{ name: 'Kätzchen 猫', count: 9 }, { name: 'dog days', count: 1 }]);
    const rotated = db.prepare("SELECT width, height FROM dataset_files WHERE rel_path LIKE '%rotated.jpg'").get() as { width: number; height: number };
    expect(rotated).toEqual({ width: 10, height: 30 });
    const cmyk = db.prepare("SELECT channels FROM dataset_files WHERE rel_path LIKE '%cmyk.jpg'").get() as { channels: number };
    expect(cmyk.channels).toBe(4);
  });

  it('drops identical bytes in two classes as a conflict and counts duplicates once', async () => {
    const root = tempDir();
    put(root, 'a/1.png', png(1));
    put(root, 'b/1-copy.png', png(1));
    put(root, 'a/2.png', png(2));
    put(root, 'a/2-again.png', png(2));
    put(root, 'b/3.png', png(3));
    const r = await importDataset(db, home, { folder: root, kind: 'labeled' });
    expect(r.classes).toEqual([{ name: 'a', count: 1 }, { name: 'b', count: 1 }]);
    expect(r.skipped.map((s) => [s.path, s.code])).toEqual([
      ['a/1.png', 'class_conflict'],
      ['a/2.png', 'duplicate'],
      ['b/1-copy.png', 'class_conflict'],
    ]);
  });

  it('refuses a folder with no usable image with bad_input', async () => {
    const root = tempDir();
    put(root, 'x/bad.png', 'nope');
    await expect(importDataset(db, home, { folder: root, kind: 'labeled' })).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/no usable image/) });
    const flat = tempDir();
    put(flat, 'a.png', png(1));
    await expect(importDataset(db, home, { folder: flat, kind: 'labeled' })).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/subfolder per class/) });
    expect(listDatasets(db)).toEqual([]);
  });
});

describe('importDataset: versions', () => {
  it('re-imports an unchanged folder as the same version, a changed one with a diff, never touching originals', async () => {
    const root = tempDir();
    const files = [put(root, 'a/1.png', png(1)), put(root, 'a/2.png', png(2)), put(root, 'b/3.png', png(3))];
    const before = files.map((f) => ({ mtime: statSync(f).mtimeMs, bytes: readFileSync(f) }));
    const v1 = await importDataset(db, home, { folder: root, kind: 'labeled', name: 'ds' });
    expect(v1.diff).toEqual({ added: 3, removed: 0, changed: 0 });
    const again = await importDataset(db, home, { folder: root, kind: 'labeled', name: 'ds' });
    expect(again.versionId).toBe(v1.versionId);
    expect(again.diff).toEqual({ added: 0, removed: 0, changed: 0 });
    files.forEach((f, i) => {
      expect(statSync(f).mtimeMs).toBe(before[i]!.mtime);
      expect(readFileSync(f).equals(before[i]!.bytes)).toBe(true);
    });

    writeFileSync(files[0]!, png(11));
    unlinkSync(files[2]!);
    put(root, 'b/4.png', png(4));
    put(root, 'b/5.png', png(5));
    expect(await verifyDatasetFiles(db, v1.versionId)).toEqual([
      { path: 'a/1.png', code: 'changed', reason: expect.any(String) },
      { path: 'b/3.png', code: 'missing', reason: expect.any(String) },
    ]);
    const v2 = await importDataset(db, home, { folder: root, kind: 'labeled', name: 'ds' });
    expect(v2.versionId).not.toBe(v1.versionId);
    expect(v2.diff).toEqual({ added: 2, removed: 1, changed: 1 });
    expect(await verifyDatasetFiles(db, v2.versionId)).toEqual([]);
    expect(getDataset(db, 'ds')?.versionId).toBe(v2.versionId);
    expect(getDataset(db, 'ds@1')?.versionId).toBe(v1.versionId);
    expect(getDataset(db, `ds@${v1.versionId}`)?.count).toBe(3);
    expect(getDataset(db, v1.datasetId)?.versionId).toBe(v2.versionId);
    expect(getDataset(db, 'nope')).toBeNull();
    const detail = getDatasetDetail(db, 'ds');
    expect(detail?.versions.map((v) => [v.versionNumber, v.latest])).toEqual([[2, true], [1, false]]);
    expect(listDatasetImages(db, v2.versionId, { className: 'b', limit: 1 })).toMatchObject({ total: 2, images: [{ path: 'b/4.png', className: 'b' }] });
  });

  it('imports a domain folder as one class named after the dataset, with a seeded split', async () => {
    const root = tempDir();
    for (let i = 0; i < 20; i++) put(root, `sub${i % 3}/${i}.png`, png(i));
    const r = await importDataset(db, home, { folder: root, kind: 'domain', name: 'horses' });
    expect(r.classes).toEqual([{ name: 'horses', count: 20 }]);
    expect(getDataset(db, 'horses')).toMatchObject({ kind: 'domain', split: { train: 18, holdout: 2 } });
    await expect(importDataset(db, home, { folder: root, kind: 'labeled', name: 'horses' })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('reports progress and stops on abort without leaving a version', async () => {
    const root = tempDir();
    for (let i = 0; i < 300; i++) put(root, `c/${i}.png`, png(i));
    const controller = new AbortController();
    const seen: number[] = [];
    const run = importDataset(db, home, {
      folder: root, kind: 'labeled', name: 'aborted', signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.done);
        if (p.done > 50) controller.abort();
      },
    });
    await expect(run).rejects.toThrow();
    expect(seen.length).toBeGreaterThan(0);
    expect(getDataset(db, 'aborted')).toBeNull();
    const done: { done: number; total: number }[] = [];
    await importDataset(db, home, { folder: root, kind: 'labeled', name: 'aborted', onProgress: (p) => done.push(p) });
    expect(done.at(-1)).toMatchObject({ done: 300, total: 300 });
  });
});
