import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { openDatabase } from '../engine/db/database';
import { encodePng } from '../engine/datasets/png-encode';
import { importDataset } from '../engine/datasets';
import type { WorkloadDef, WorkloadSession } from './bench-types';
import { IMPORT_RSS_WORKLOAD } from './import-rss';

/** Deterministic noise-and-gradient pixels: compresses like a real photo would, not like a flat colour. */
export function benchPixels(width: number, height: number, channels: number, seed: number): Uint8Array {
  const out = new Uint8Array(width * height * channels);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < out.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = ((i % (width * channels)) + (x & 63)) & 255;
  }
  return out;
}

/**
 * One import workload: the images are written to a temporary folder before the clock starts; each measured step
 * imports that folder end to end (walk, hash, decode, validate, thumbnails, database) into a fresh home.
 */
function importSession(count: number, writeImage: (dir: string, i: number) => Promise<void>): () => Promise<WorkloadSession> {
  return async () => {
    const source = mkdtempSync(join(tmpdir(), 'gan-studio-bench-src-'));
    for (let c = 0; c < 10; c++) mkdirSync(join(source, `class${c}`));
    for (let i = 0; i < count; i++) await writeImage(join(source, `class${i % 10}`), i);
    return {
      async step() {
        const home = mkdtempSync(join(tmpdir(), 'gan-studio-bench-home-'));
        const db = openDatabase(join(home, 'studio.db'));
        try {
          const result = await importDataset(db, home, { folder: source, kind: 'labeled' });
          if (result.count !== count) throw new Error(`bench import took ${result.count} of ${count} images`);
        } finally {
          db.close();
          rmSync(home, { recursive: true, force: true });
        }
      },
      dispose: () => rmSync(source, { recursive: true, force: true }),
    };
  };
}

const PNG28_COUNT = 10_000;
const JPEG1024_COUNT = 200;

/** Import throughput workloads (the datasets issue's numbers: ≥ 3,000 PNG/s, ≥ 100 JPEG/s). */
export const IMPORT_WORKLOADS: Record<string, WorkloadDef> = {
  'import-png28': {
    description: `import ${PNG28_COUNT} 28×28 grayscale PNGs end to end`,
    imagesPerStep: PNG28_COUNT,
    steps: 3,
    warmup: 1,
    setup: importSession(PNG28_COUNT, async (dir, i) => writeFileSync(join(dir, `${i}.png`), encodePng(benchPixels(28, 28, 1, i), 28, 28, 1))),
  },
  'import-jpeg1024': {
    description: `import ${JPEG1024_COUNT} 1024×768 JPEGs end to end`,
    imagesPerStep: JPEG1024_COUNT,
    steps: 3,
    warmup: 1,
    setup: importSession(JPEG1024_COUNT, async (dir, i) => {
      const jpg = await sharp(benchPixels(1024, 768, 3, i), { raw: { width: 1024, height: 768, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
      writeFileSync(join(dir, `${i}.jpg`), jpg);
    }),
  },
  'import-rss': IMPORT_RSS_WORKLOAD,
};
