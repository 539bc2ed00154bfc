import type { Rng } from '../training/rng';

/**
 * A decoded set of images kept in memory once per evaluation: uint8 pixels [N, R, R, C] and the class index of
 * each row (in the evaluation's class order). Every arm and seed draws its batches from these arrays, so no image
 * is decoded twice.
 */
export interface ImageSet {
  resolution: number;
  channels: number;
  count: number;
  /** [N, R, R, C], 0–255. */
  pixels: Uint8Array;
  /** Class index of each row. */
  labels: Int32Array;
}

/** Rows of `set` whose class is `k`. */
export function rowsOfClass(set: ImageSet, k: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < set.count; i++) if (set.labels[i] === k) out.push(i);
  return out;
}

/** Concatenates image sets of the same resolution and channels (row order kept). */
export function concatSets(sets: ImageSet[]): ImageSet {
  const first = sets[0]!;
  const count = sets.reduce((n, s) => n + s.count, 0);
  const frame = first.resolution * first.resolution * first.channels;
  const pixels = new Uint8Array(count * frame), labels = new Int32Array(count);
  let at = 0;
  for (const s of sets) {
    pixels.set(s.pixels.subarray(0, s.count * frame), at * frame);
    labels.set(s.labels.subarray(0, s.count), at);
    at += s.count;
  }
  return { resolution: first.resolution, channels: first.channels, count, pixels, labels };
}

/** Takes the given rows of a set (copying). */
export function pickRows(set: ImageSet, rows: readonly number[]): ImageSet {
  const frame = set.resolution * set.resolution * set.channels;
  const pixels = new Uint8Array(rows.length * frame), labels = new Int32Array(rows.length);
  rows.forEach((r, i) => {
    pixels.set(set.pixels.subarray(r * frame, (r + 1) * frame), i * frame);
    labels[i] = set.labels[r]!;
  });
  return { resolution: set.resolution, channels: set.channels, count: rows.length, pixels, labels };
}

/**
 * Writes rows of `set` into `out` ([B, R, R, C] float, scaled to [-1, 1]); with `rng` each image is shifted by up
 * to ±`shift` px (zero fill, i.e. −1) and flipped left-right half the time: the augmentation every arm gets alike.
 */
export function fillBatch(set: ImageSet, rows: readonly number[], out: Float32Array, aug: { rng: Rng; shift: number; flip: boolean } | null): void {
  const R = set.resolution, C = set.channels, frame = R * R * C;
  rows.forEach((row, b) => {
    const src = row * frame, dst = b * frame;
    const dx = aug ? aug.rng.int(2 * aug.shift + 1) - aug.shift : 0;
    const dy = aug ? aug.rng.int(2 * aug.shift + 1) - aug.shift : 0;
    const flip = aug ? aug.flip && aug.rng.uniform() < 0.5 : false;
    for (let y = 0; y < R; y++) {
      const sy = y - dy;
      for (let x = 0; x < R; x++) {
        const sx0 = x - dx;
        const sx = flip ? R - 1 - sx0 : sx0;
        const inside = sy >= 0 && sy < R && sx0 >= 0 && sx0 < R;
        for (let c = 0; c < C; c++) {
          out[dst + (y * R + x) * C + c] = inside ? set.pixels[src + (sy * R + sx) * C + c]! / 127.5 - 1 : -1;
        }
      }
    }
  });
}
