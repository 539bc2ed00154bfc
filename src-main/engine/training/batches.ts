import * as tf from '@tensorflow/tfjs';
import type { Batch, RoleImages } from '../models/model';

/**
 * The batch of `rows`: images [B, R, R, C] scaled to [-1, 1] and labels int32 [B]. Caller disposes.
 * `poison` fills the images with NaN (tests of the NaN guard).
 */
export function batchOf(data: RoleImages, rows: ArrayLike<number>, poison = false): Batch {
  const frame = data.resolution * data.resolution * data.channels;
  const x = new Float32Array(rows.length * frame);
  const y = new Int32Array(rows.length);
  for (let b = 0; b < rows.length; b++) {
    const row = rows[b]!;
    const src = data.images.subarray(row * frame, (row + 1) * frame);
    for (let k = 0; k < frame; k++) x[b * frame + k] = poison ? Number.NaN : src[k]! / 127.5 - 1;
    y[b] = data.labels[row]!;
  }
  return {
    x: tf.tensor4d(x, [rows.length, data.resolution, data.resolution, data.channels]),
    labels: tf.tensor1d(y, 'int32'),
  };
}
