import { mkdir } from 'node:fs/promises';
import { writeFileAtomic } from '../home/atomic-write';
import { dirname } from 'node:path';
import sharp from 'sharp';
import type { Preview } from '../models/model';
import { sampleGridPath } from './run-folder';


/** Writes a model's preview ([rows · cols, R, R, C] in [-1, 1]) as the PNG of the run's step; returns its path. */
export async function writePreview(runDir: string, step: number, p: Preview, R: number, C: 1 | 3): Promise<string> {
  const out = encodeGrid(p.pixels, p.rows, p.cols, R, C);
  const file = sampleGridPath(runDir, step);
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, await sharp(out.data, { raw: { width: out.width, height: out.height, channels: C } }).png().toBuffer());
  return file;
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
