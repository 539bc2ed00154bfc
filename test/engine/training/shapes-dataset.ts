import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

/**
 * Writes a tiny labeled folder: `classes` classes (circles, squares, bars…) × `perClass` grey 28×28 PNGs, each
 * image a different size or place, so a GAN has something learnable and diversity is measurable.
 */
export async function writeShapesFolder(root: string, perClass = 8, classes = 3, side = 28, channels: 1 | 3 = 1): Promise<string> {
  const names = ['circle', 'square', 'bar', 'cross'].slice(0, classes);
  for (const [ci, cls] of names.entries()) {
    mkdirSync(join(root, cls), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      const px = Buffer.alloc(side * side * channels);
      const c = side / 2 + (i % 3) - 1, r = side / 6 + i * 0.5;
      for (let y = 0; y < side; y++) {
        for (let x = 0; x < side; x++) {
          const on = ci === 0 ? (x - c) ** 2 + (y - c) ** 2 < r * r
            : ci === 1 ? Math.abs(x - c) < r && Math.abs(y - c) < r
              : ci === 2 ? Math.abs(x - side / 3 - (i % 8)) < 2 : Math.abs(x - c) < 2 || Math.abs(y - c) < 2;
          for (let k = 0; k < channels; k++) px[(y * side + x) * channels + k] = on ? 220 - 30 * k : 20 + 10 * (i % 3);
        }
      }
      const img = sharp(px, { raw: { width: side, height: side, channels } });
      await (channels === 1 ? img.toColourspace('b-w') : img).png().toFile(join(root, cls, `${i}.png`));
    }
  }
  return root;
}
