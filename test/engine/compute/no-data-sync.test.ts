import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const ENGINE = join(ROOT, 'src-main', 'engine');

/**
 * Files that still read tensors synchronously, being converted to `await data()` by the model-interface work
 * (issue 11). The list may only shrink: a file that no longer reads synchronously must leave it, and none may join.
 * On WebGPU in Node `dataSync`/`arraySync` throw ("OffscreenCanvas is not defined"), so each is a crash there.
 */
const NOT_YET_CONVERTED = [
  'src-main/engine/bench/networks/cgan-step.ts',
  'src-main/engine/bench/networks/cyclegan-step.ts',
  'src-main/engine/generation/generate-batch.ts',
  'src-main/engine/generation/latent-explore.ts',
  'src-main/engine/training/cgan-step.ts',
  'src-main/engine/training/cyclegan-samples.ts',
  'src-main/engine/training/cyclegan-step.ts',
  'src-main/engine/training/sample-grid.ts',
  'src-main/engine/training/tensor-file.ts',
  'src-main/engine/translation/translate.ts',
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.(ts|mts|js|mjs)$/.test(e.name) ? [join(dir, e.name)] : []);
}

/** A synchronous tensor read: `.dataSync(` or `.arraySync(` (comments included: they would be copied into code). */
const SYNC_READ = /\.(dataSync|arraySync)\s*\(/;

describe('no synchronous tensor reads in the engine (WebGPU in Node has none)', () => {
  it('finds dataSync/arraySync only in the files not yet converted, and each of those still has one', () => {
    const offenders = sourceFiles(ENGINE).filter((f) => SYNC_READ.test(readFileSync(f, 'utf8'))).map((f) => relative(ROOT, f).split('\\').join('/')).sort();
    const added = offenders.filter((f) => !NOT_YET_CONVERTED.includes(f));
    const converted = NOT_YET_CONVERTED.filter((f) => !offenders.includes(f));
    expect(added, 'read with `await t.data()` instead of dataSync/arraySync').toEqual([]);
    expect(converted, 'converted: remove these from NOT_YET_CONVERTED in this test').toEqual([]);
  });
});
