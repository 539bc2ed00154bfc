import { describe, expect, it } from 'vitest';
import { augmentedCopies } from '../../../src-main/engine/evaluation/augmented-copies';
import type { ImageSet } from '../../../src-main/engine/evaluation/image-set';
import { Rng } from '../../../src-main/engine/training/rng';

const R = 8;
/** Rows of distinct random-looking pixels, classes 0, 0, 0, 1, 1 (class 2 has none). */
function realSet(): ImageSet {
  const rng = new Rng(5, 1), count = 5, pixels = new Uint8Array(count * R * R);
  for (let p = 0; p < pixels.length; p++) pixels[p] = 1 + rng.int(255);
  return { resolution: R, channels: 1, count, pixels, labels: Int32Array.from([0, 0, 0, 1, 1]) };
}
const image = (s: ImageSet, i: number): Uint8Array => s.pixels.subarray(i * R * R, (i + 1) * R * R);

/** (dx, dy, mirrored) that turn `src` into `copy`, or null when none does. */
function howMade(src: Uint8Array, copy: Uint8Array): { dx: number; dy: number; mirrored: boolean } | null {
  for (const mirrored of [false, true]) {
    for (let dy = -2; dy <= 2; dy++) {
      for (let dx = -2; dx <= 2; dx++) {
        let same = true;
        for (let y = 0; y < R && same; y++) {
          for (let x = 0; x < R && same; x++) {
            const sy = y - dy, sx0 = x - dx, sx = mirrored ? R - 1 - sx0 : sx0;
            const want = sy >= 0 && sy < R && sx0 >= 0 && sx0 < R ? src[sy * R + sx]! : 0;
            same = copy[y * R + x] === want;
          }
        }
        if (same) return { dx, dy, mirrored };
      }
    }
  }
  return null;
}

describe('augmented copies (the evaluation\'s reference arm)', () => {
  it('makes the asked number per class, cycling through the class\'s images, each a shifted (and maybe mirrored) copy', () => {
    const real = realSet();
    const copies = augmentedCopies(real, 3, (k) => [7, 4, 9][k]!, true, new Rng(1, 2));
    // class 2 has no real image: no copy, whatever was asked
    expect(copies.count).toBe(11);
    expect(Array.from(copies.labels)).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
    const sources = [0, 1, 2, 0, 1, 2, 0, 3, 4, 3, 4];
    const made = sources.map((src, i) => howMade(image(real, src), image(copies, i)));
    expect(made.every((m) => m !== null)).toBe(true);
    // random shifts and mirrors, not all the same (11 copies: the chance of one shift for all is negligible)
    expect(new Set(made.map((m) => `${m!.dx},${m!.dy}`)).size).toBeGreaterThan(1);
    expect(made.some((m) => m!.mirrored)).toBe(true);
  });

  it('shifts only without flip, and the same rng state gives the same copies', () => {
    const real = realSet();
    const a = augmentedCopies(real, 2, () => 30, false, new Rng(9, 4));
    const b = augmentedCopies(real, 2, () => 30, false, new Rng(9, 4));
    expect(a.pixels).toEqual(b.pixels);
    for (let i = 0; i < a.count; i++) {
      const src = a.labels[i] === 0 ? [0, 1, 2][i % 3]! : [3, 4][(i - 30) % 2]!;
      const m = howMade(image(real, src), image(a, i));
      expect(m).not.toBeNull();
      // a symmetric copy could read as mirrored too; these random rows are not symmetric
      expect(m!.mirrored).toBe(false);
    }
  });
});
