import * as tf from '@tensorflow/tfjs';
import { perSample } from '../compute/ops/layers';
import type { Rng } from '../training/rng';

export type AugmentName = 'translation' | 'cutout' | 'color';

/**
 * DiffAugment (Zhao et al. 2020): the same random, differentiable transforms on real and fake images, so D cannot
 * memorise a small dataset and G still gets gradients through them. Random parameters come from `rng` (a
 * checkpointed stream), so a resumed run augments exactly as an unstopped one. Call inside tf.tidy.
 * x [B, H, W, C] in [-1, 1] → same shape.
 */
export function diffAugment(x: tf.Tensor4D, policy: readonly AugmentName[], rng: Rng): tf.Tensor4D {
  let y = x;
  for (const name of policy) {
    if (name === 'color') y = augmentColor(y, rng);
    else if (name === 'translation') y = augmentTranslation(y, rng, 0.125);
    else y = augmentCutout(y, rng, 0.5);
  }
  return y;
}

/**
 * Dataset mirroring (StyleGAN's --mirror): each real image is flipped left-right with probability ½, from the
 * checkpointed augmentation stream, so D learns the mirrored dataset and G may draw either orientation.
 * x [B, H, W, C] → same shape.
 */
export function mirrorHalf(x: tf.Tensor4D, rng: Rng): tf.Tensor4D {
  const B = x.shape[0];
  const m = perSample(Array.from({ length: B }, () => (rng.uniform() < 0.5 ? 1 : 0)));
  return tf.add(tf.mul(tf.reverse(x, 2), m), tf.mul(x, tf.sub(1, m)));
}

/** One value per sample, drawn from `rng`: [B, 1, 1, 1]. */
const drawn = (B: number, draw: () => number): tf.Tensor4D => perSample(Array.from({ length: B }, draw));

/** Brightness ±0.5, saturation ×[0, 2], contrast ×[0.5, 1.5], each per sample. */
function augmentColor(x: tf.Tensor4D, rng: Rng): tf.Tensor4D {
  const B = x.shape[0];
  let y: tf.Tensor4D = tf.add(x, drawn(B, () => rng.uniform() - 0.5));
  const meanC = tf.mean(y, 3, true); // [B, H, W, 1]
  y = tf.add(tf.mul(tf.sub(y, meanC), drawn(B, () => rng.uniform() * 2)), meanC);
  const meanAll = tf.mean(y, [1, 2, 3], true); // [B, 1, 1, 1]
  return tf.add(tf.mul(tf.sub(y, meanAll), drawn(B, () => rng.uniform() + 0.5)), meanAll);
}

/**
 * Shifts each image by up to ±ratio·side px in x and y, zero-filled, as one gather (its gradient is a
 * segment sum) from the flattened batch with an extra zero row for pixels shifted in from outside.
 */
function augmentTranslation(x: tf.Tensor4D, rng: Rng, ratio: number): tf.Tensor4D {
  const [B, H, W, C] = x.shape;
  const sy = Math.round(H * ratio), sx = Math.round(W * ratio);
  const idx = new Int32Array(B * H * W);
  const zeroRow = B * H * W;
  for (let b = 0; b < B; b++) {
    const ty = rng.int(2 * sy + 1) - sy, tx = rng.int(2 * sx + 1) - sx;
    for (let i = 0; i < H; i++) {
      const si = i + ty;
      for (let j = 0; j < W; j++) {
        const sj = j + tx;
        idx[(b * H + i) * W + j] = si >= 0 && si < H && sj >= 0 && sj < W ? (b * H + si) * W + sj : zeroRow;
      }
    }
  }
  const flat = tf.concat([x.reshape([B * H * W, C]), tf.zeros([1, C])], 0); // [B·H·W + 1, C]
  return tf.gather(flat, tf.tensor1d(idx, 'int32')).reshape([B, H, W, C]) as tf.Tensor4D;
}

/** Zeroes one square of side ratio·side per image, at a random place (it may be clipped by the border). */
function augmentCutout(x: tf.Tensor4D, rng: Rng, ratio: number): tf.Tensor4D {
  const [B, H, W] = x.shape;
  const ch = Math.round(H * ratio), cw = Math.round(W * ratio);
  const mask = new Float32Array(B * H * W).fill(1);
  for (let b = 0; b < B; b++) {
    const top = rng.int(H + 1 - (ch % 2)) - Math.floor(ch / 2);
    const left = rng.int(W + 1 - (cw % 2)) - Math.floor(cw / 2);
    for (let i = Math.max(0, top); i < Math.min(H, top + ch); i++) {
      for (let j = Math.max(0, left); j < Math.min(W, left + cw); j++) mask[(b * H + i) * W + j] = 0;
    }
  }
  return tf.mul(x, tf.tensor4d(mask, [B, H, W, 1]));
}
