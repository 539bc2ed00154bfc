import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CGAN_DEFAULTS } from '../engine/models/cgan/spec';
import { encodePng } from '../engine/datasets/png-encode';
import { openDatabase } from '../engine/db/database';
import { GENERATION_CHUNK } from '../engine/generation/generate-batch';
import { storeSample } from '../engine/generation/sample-store';
import { insertBatch, insertSamples } from '../engine/generation/samples-repo';
import { ensureHome } from '../engine/home/studio-home';
import { insertJob, setStatus } from '../engine/jobs/jobs-repo';
import { insertRun } from '../engine/training/runs-repo';
import { benchPixels } from './import-workloads';

const CLASSES = 10;
/** Distinct PNGs behind the samples: the gallery fetches each sample's image by id, so repeats cost the same. */
const DISTINCT_IMAGES = 300;

/**
 * A throwaway studio home holding one finished cGAN run (28×28×1, 10 classes) and one generated batch of `count`
 * samples, as the generate job leaves them: PNGs content-addressed in `<home>/samples`, one row each, inserted in
 * one transaction. Returns the home and the batch id. Takes ~2 s for 100,000 samples.
 */
export function writeGalleryHome(count: number): { home: string; batchId: string } {
  const home = mkdtempSync(join(tmpdir(), 'gan-studio-bench-gallery-'));
  ensureHome(home);
  const db = openDatabase(join(home, 'studio.db'));
  try {
    const runId = insertJob(db, { jobId: randomUUID().slice(0, 8), kind: 'train', params: {}, totalSteps: 1 }).jobId;
    // Finished: the server's scheduler must not pick it up while the gallery is measured.
    setStatus(db, runId, 'completed');
    const config = { ...CGAN_DEFAULTS, resolution: 28 as const, channels: 1 as const };
    const classNames = Array.from({ length: CLASSES }, (_, i) => `class${i}`);
    insertRun(db, { runId, kind: 'cgan', datasets: [], config, configDiff: {}, preset: null, app: 'bench', runDir: join(home, 'runs', runId), classNames });
    const batchId = randomUUID().slice(0, 8);
    const perClass = Math.ceil(count / CLASSES);
    insertBatch(db, {
      batchId, runId, checkpointStep: 0, weights: 'ema', seed: 1, truncation: null, perClass, resolution: 28, channels: 1,
      datasetVersionId: 'bench', classes: classNames.map((name, index) => ({ index, name })), snapshot: { config, classNames, datasets: [] },
      recipe: { rng: 'bench', chunk: GENERATION_CHUNK, bnReference: 256, app: 'bench', tfjs: null, backend: null },
    });
    const stored = Array.from({ length: DISTINCT_IMAGES }, (_, i) => storeSample(home, encodePng(benchPixels(28, 28, 1, i + 1), 28, 28, 1)));
    const rows = Array.from({ length: count }, (_, i) => ({ classIndex: Math.floor(i / perClass), sampleIndex: i % perClass, ...stored[i % DISTINCT_IMAGES]! }));
    insertSamples(db, batchId, rows); // one transaction
    return { home, batchId };
  } finally {
    db.close();
  }
}
