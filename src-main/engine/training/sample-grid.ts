import { mkdir } from 'node:fs/promises';
import { writeFileAtomic } from '../home/atomic-write';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs';
import type { CganState } from './cgan-state';
import { sampleImages } from './cgan-step';
import { Rng } from './rng';

/** The fixed inputs of a run's sample grids: `cols` noise vectors, the same for every class and every grid. */
export function gridInputs(seed: number, zDim: number, classes: number, cols: number): { z: Float32Array; labels: Int32Array } {
  const noise = new Rng(seed, 4).normals(cols * zDim); // a stream of its own: never advanced by training
  const z = new Float32Array(classes * cols * zDim);
  const labels = new Int32Array(classes * cols);
  for (let c = 0; c < classes; c++) {
    z.set(noise, c * cols * zDim);
    labels.fill(c, c * cols, (c + 1) * cols);
  }
  return { z, labels };
}

export const sampleGridPath = (runDir: string, step: number): string => join(runDir, 'samples', `step-${String(step).padStart(7, '0')}.png`);

/**
 * Renders the EMA generator's grid (row = class, column = fixed noise) as a PNG with 2 px gaps.
 * Returns the file and the images as floats [classes·cols, R, R, C] in [-1, 1] (for the diversity check).
 */
export async function writeSampleGrid(runDir: string, state: CganState, classes: number): Promise<{ file: string; pixels: Float32Array }> {
  const cols = state.cfg.samplesPerClass;
  const { z, labels } = gridInputs(state.cfg.seed, state.arch.zDim, classes, cols);
  const images = tf.tidy(() => sampleImages(state, tf.tensor2d(z, [classes * cols, state.arch.zDim]), tf.tensor1d(labels, 'int32')));
  const pixels = images.dataSync() as Float32Array; // [classes·cols, R, R, C]
  images.dispose();
  const out = await encodeGrid(pixels, classes, cols, state.arch.resolution, state.arch.channels);
  const file = sampleGridPath(runDir, state.step);
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, await sharp(out.data, { raw: { width: out.width, height: out.height, channels: state.arch.channels } }).png().toBuffer());
  return { file, pixels };
}

/** Tiles images [rows·cols, R, R, C] in [-1, 1] into one uint8 image, 2 px gaps. */
export function encodeGrid(pixels: Float32Array, rows: number, cols: number, R: number, C: number): { data: Buffer; width: number; height: number } {
  const gap = 2;
  const width = cols * R + (cols + 1) * gap, height = rows * R + (rows + 1) * gap;
  const data = Buffer.alloc(width * height * C, 40);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const img = (r * cols + c) * R * R * C;
      const x0 = gap + c * (R + gap), y0 = gap + r * (R + gap);
      for (let y = 0; y < R; y++) {
        for (let x = 0; x < R; x++) {
          for (let k = 0; k < C; k++) {
            const v = pixels[img + (y * R + x) * C + k]!;
            data[((y0 + y) * width + x0 + x) * C + k] = Math.max(0, Math.min(255, Math.round((v + 1) * 127.5)));
          }
        }
      }
    }
  }
  return { data, width, height };
}
