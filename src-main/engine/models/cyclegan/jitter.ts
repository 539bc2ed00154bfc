import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../training/rng';

/**
 * CycleGAN's training jitter: upscale [B, R, R, C] to round(R · scale) (bilinear), crop R×R at a random place,
 * flip horizontally with probability ½ (when `flip`). Per image, drawn from `rng` in a fixed order (crop x, crop y,
 * flip), so a resumed run draws the same. Returns a new tensor; allocates: call inside tf.tidy.
 */
export function jitter(x: tf.Tensor4D, scale: number, flip: boolean, rng: Rng): tf.Tensor4D {
  const [B, R] = x.shape;
  const L = Math.round(R * scale);
  if (L <= R && !flip) return x.clone();
  const big = L > R ? tf.image.resizeBilinear(x, [L, L], true) : x; // [B, L, L, C]
  const out: tf.Tensor4D[] = [];
  for (let i = 0; i < B; i++) {
    const ox = rng.int(L - R + 1), oy = rng.int(L - R + 1);
    const flipIt = flip && rng.uniform() < 0.5;
    const crop = tf.slice(big, [i, oy, ox, 0], [1, R, R, -1]); // [1, R, R, C]
    out.push(flipIt ? tf.reverse(crop, 2) : crop);
  }
  return tf.concat(out, 0);
}
