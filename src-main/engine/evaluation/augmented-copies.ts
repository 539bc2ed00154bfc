import type { Rng } from '../training/rng';
import { BASELINE_SHIFT } from '../../shared/domain/evaluation';
import { fillBatch, rowsOfClass, type ImageSet } from './image-set';

/**
 * `perClass(k)` copies of each class's images of `real` (cycling through them in row order), each shifted by up to
 * ±BASELINE_SHIFT px (zero fill) and, with `flip`, mirrored left-right half the time: the augmentation that samples
 * have to beat to be worth adding. Deterministic for a given `rng` state.
 */
export function augmentedCopies(real: ImageSet, classes: number, perClass: (k: number) => number, flip: boolean, rng: Rng): ImageSet {
  const R = real.resolution, C = real.channels, frame = R * R * C;
  const byClass = Array.from({ length: classes }, (_, k) => rowsOfClass(real, k));
  const counts = byClass.map((rows, k) => (rows.length ? Math.max(0, Math.round(perClass(k))) : 0));
  const count = counts.reduce((a, b) => a + b, 0);
  const pixels = new Uint8Array(count * frame), labels = new Int32Array(count), one = new Float32Array(frame);
  const aug = { rng, shift: BASELINE_SHIFT, flip };
  for (let k = 0, i = 0; k < classes; k++) {
    const rows = byClass[k]!;
    for (let j = 0; j < counts[k]!; j++, i++) {
      fillBatch(real, [rows[j % rows.length]!], one, aug);
      for (let p = 0; p < frame; p++) pixels[i * frame + p] = Math.round((one[p]! + 1) * 127.5);
      labels[i] = k;
    }
  }
  return { resolution: R, channels: C, count, pixels, labels };
}
