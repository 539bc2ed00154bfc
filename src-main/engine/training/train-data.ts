import * as tf from '@tensorflow/tfjs';

/** Training images in memory: uint8 [N, R, R, C] and class indices, as the dataset's training cache gives them. */
export interface TrainImages {
  images: Uint8Array;
  labels: ArrayLike<number>;
  count: number;
  resolution: number;
  channels: 1 | 3;
  classNames: string[];
}

/**
 * The batch of `rows`: images [B, R, R, C] scaled to [-1, 1] and labels int32 [B]. Caller disposes.
 * `poison` fills the images with NaN (tests of the NaN guard).
 */
export function makeBatch(data: TrainImages, rows: Uint32Array, poison = false): { real: tf.Tensor4D; labels: tf.Tensor1D } {
  const frame = data.resolution * data.resolution * data.channels;
  const x = new Float32Array(rows.length * frame);
  const y = new Int32Array(rows.length);
  rows.forEach((row, b) => {
    const src = data.images.subarray(row * frame, (row + 1) * frame);
    for (let k = 0; k < frame; k++) x[b * frame + k] = poison ? Number.NaN : src[k]! / 127.5 - 1;
    y[b] = data.labels[row]!;
  });
  return {
    real: tf.tensor4d(x, [rows.length, data.resolution, data.resolution, data.channels]),
    labels: tf.tensor1d(y, 'int32'),
  };
}

/** Up to `perClass` images of each class (first in order), for the real-diversity reference. */
export function referenceRows(data: TrainImages, perClass: number): { rows: number[]; labels: number[] } {
  const taken = new Array<number>(data.classNames.length).fill(0);
  const rows: number[] = [], labels: number[] = [];
  for (let i = 0; i < data.count; i++) {
    const c = data.labels[i]!;
    if ((taken[c] ?? perClass) < perClass) {
      taken[c]! += 1;
      rows.push(i);
      labels.push(c);
    }
  }
  return { rows, labels };
}
