import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The WebGPU backend cannot read tensors back synchronously (issue 11): the engine and the bench read with
// `await tensor.data()` only. A synchronous read anywhere under these folders, even in a comment's example, fails here.

const ROOT = join(__dirname, '..', '..');
const FOLDERS = ['src-main/engine', 'src-main/bench'];
const SYNC_READ = /\b(dataSync|arraySync)\s*\(/;

/** Every TypeScript / JavaScript source file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|mts|cts|js|mjs|vue)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

describe('no synchronous tensor reads in the engine and the bench', () => {
  it('the pattern finds what it must find', () => {
    expect(SYNC_READ.test('const v = t.dataSync();')).toBe(true);
    expect(SYNC_READ.test('x.arraySync ()')).toBe(true);
    expect(SYNC_READ.test('const v = await t.data();')).toBe(false);
  });

  it('no dataSync( or arraySync( in any file under src-main/engine and src-main/bench', () => {
    const files = FOLDERS.flatMap((f) => sources(join(ROOT, f)));
    // the walk really covers the trees (a wrong root would find nothing and pass)
    expect(files.map((f) => relative(ROOT, f))).toEqual(expect.arrayContaining([
      'src-main/engine/training/train-loop.ts', 'src-main/engine/models/cgan/trainer.ts', 'src-main/bench/training-workloads.ts']));
    expect(files.length).toBeGreaterThan(100);
    const hits = files.flatMap((f) => readFileSync(f, 'utf8').split('\n')
      .flatMap((line, i) => (SYNC_READ.test(line) ? [`${relative(ROOT, f)}:${i + 1}: ${line.trim()}`] : [])));
    expect(hits).toEqual([]);
  });
});
