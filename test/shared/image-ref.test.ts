import { describe, expect, it } from 'vitest';
import { imagePath, isImmutable, parseImagePath } from '../../src-main/shared/api/image-ref';

const SHA = 'ab'.repeat(32);

describe('image paths (shared by the renderer and both servers)', () => {
  it('round-trips every kind', () => {
    for (const ref of [{ kind: 'sample', sha256: SHA }, { kind: 'thumb', sha256: SHA }, { kind: 'grid', runId: 'a1B-_9', step: 1200 }] as const) {
      expect(parseImagePath(imagePath(ref))).toEqual(ref);
    }
    expect(imagePath({ kind: 'grid', runId: 'r1', step: 0 })).toBe('/api/image/grid/r1/0');
  });

  it('refuses anything else, so no parsed reference can leave its folder', () => {
    for (const p of [
      `/api/image/sample/${SHA}/`, `/api/image/sample/${SHA.toUpperCase()}`, '/api/image/grid/../1', '/api/image/grid/%2e%2e/1', '/api/image/grid/a/01',
      `/api/image/grid/a/${'9'.repeat(20)}`, `/api/image/thumb/${SHA}?x`, '/api/image/grid/a/1/2', `/api/images/sample/${SHA}`, '',
    ]) expect(parseImagePath(p), p).toBeNull();
    expect(() => imagePath({ kind: 'grid', runId: '../x', step: 1 })).toThrow(/not a valid image reference/);
  });

  it('marks content-addressed images immutable, sample grids not', () => {
    expect(isImmutable({ kind: 'sample', sha256: SHA })).toBe(true);
    expect(isImmutable({ kind: 'grid', runId: 'r', step: 1 })).toBe(false);
  });
});
