import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Db } from '../../../src-main/engine/db/database';
import { importDataset } from '../../../src-main/engine/datasets';

/**
 * Writes a domain folder of `count` RGB `side`×`side` PNGs at its top level: a disc of a varying place on a
 * background whose colour depends on `hue` (0 = reddish, 1 = bluish), so two domains differ by colour.
 */
export async function writeDomainFolder(root: string, count: number, hue: 0 | 1, side = 32): Promise<string> {
  mkdirSync(root, { recursive: true });
  for (let i = 0; i < count; i++) {
    const px = Buffer.alloc(side * side * 3);
    const cx = side / 2 + (i % 5) - 2, cy = side / 2 + ((i * 3) % 5) - 2, r = side / 5 + (i % 3);
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const on = (x - cx) ** 2 + (y - cy) ** 2 < r * r;
        const o = (y * side + x) * 3;
        px[o] = on ? 230 : hue ? 30 : 180;
        px[o + 1] = on ? 230 : 60 + (i % 7) * 5;
        px[o + 2] = on ? 230 : hue ? 180 : 30;
      }
    }
    await sharp(px, { raw: { width: side, height: side, channels: 3 } }).png().toFile(join(root, `${hue ? 'b' : 'a'}${i}.png`));
  }
  return root;
}

/** Imports `count` images of a colour as domain dataset `name`. */
export async function importDomain(db: Db, home: string, root: string, name: string, count: number, hue: 0 | 1): Promise<void> {
  const folder = await writeDomainFolder(join(root, name), count, hue);
  await importDataset(db, home, { folder, kind: 'domain', name, holdoutFraction: 0 });
}

/** A tiny CycleGAN config that trains in well under a second per step. */
export const TINY_CYCLEGAN = {
  resolution: 32, width: 4, discWidth: 4, resBlocks: 1, batch: 1, steps: 6, checkpointEvery: 2, sampleEvery: 3, metricsEvery: 1, seed: 3, poolSize: 2,
} as const;
