import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.(ts|mts|js|mjs)$/.test(e.name) ? [join(dir, e.name)] : []);
}

/** A synchronous tensor read: `.dataSync(` or `.arraySync(` (comments included: they would be copied into code). */
const SYNC_READ = /\.(dataSync|arraySync)\s*\(/;

describe('no synchronous tensor reads in the engine or the bench (WebGPU in Node has none)', () => {
  it('finds no dataSync/arraySync under src-main/engine and src-main/bench', () => {
    const offenders = ['engine', 'bench'].flatMap((d) => sourceFiles(join(ROOT, 'src-main', d)))
      .filter((f) => SYNC_READ.test(readFileSync(f, 'utf8'))).map((f) => relative(ROOT, f).split('\\').join('/'));
    expect(offenders, 'read with `await t.data()` instead: on WebGPU in Node dataSync throws "OffscreenCanvas is not defined"').toEqual([]);
  });

  it('the check itself sees a synchronous read', () => {
    expect(SYNC_READ.test('const v = t.dataSync();')).toBe(true);
    expect(SYNC_READ.test('const v = await t.data();')).toBe(false);
  });
});
