import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../engine/db/database';
import { encodePng } from '../engine/datasets/png-encode';
import { ensureHome } from '../engine/home/studio-home';
import { insertJob } from '../engine/jobs/jobs-repo';
import { cganArch } from '../engine/models/cgan/arch';
import { buildGenerator } from '../engine/models/cgan/networks';
import { samplerFrom } from '../engine/models/cgan/sampler';
import { generateSamples, GENERATION_CHUNK } from '../engine/generation/generate-batch';
import { insertBatch, insertSamples } from '../engine/generation/samples-repo';
import { storeSample } from '../engine/generation/sample-store';
import { createExportHandlers } from '../engine/services/export-service';
import { insertRun } from '../engine/training/runs-repo';
import { CGAN_DEFAULTS } from '../engine/models/cgan/spec';
import type { WorkloadDef, WorkloadSession } from './bench-types';
import { benchPixels } from './import-workloads';

const CLASSES = 10;
const GEN_PER_CLASS = 64;
const EXPORT_FILES = 100_000;

/** A throwaway home with one cGAN run row (28×28×1, 10 classes) that batches can hang from. */
function benchHome(): { home: string; db: Db; runId: string; newBatch(seed: number): string } {
  const home = mkdtempSync(join(tmpdir(), 'gan-studio-bench-gen-'));
  ensureHome(home);
  const db = openDatabase(join(home, 'studio.db'));
  const runId = insertJob(db, { jobId: randomUUID().slice(0, 8), kind: 'train', params: {}, totalSteps: 1 }).jobId;
  const config = { ...CGAN_DEFAULTS, resolution: 28 as const, channels: 1 as const };
  const classNames = Array.from({ length: CLASSES }, (_, i) => `class${i}`);
  insertRun(db, { runId, kind: 'cgan', datasets: [], config, configDiff: {}, preset: null, app: 'bench', runDir: join(home, 'runs', runId), classNames });
  const newBatch = (seed: number): string => {
    const batchId = randomUUID().slice(0, 8);
    insertBatch(db, {
      batchId, runId, checkpointStep: 0, weights: 'ema', seed, truncation: null, perClass: GEN_PER_CLASS, resolution: 28, channels: 1,
      datasetVersionId: 'bench', classes: classNames.map((name, index) => ({ index, name })), snapshot: { config, classNames, datasets: [] },
      recipe: { rng: 'bench', chunk: GENERATION_CHUNK, bnReference: 256, app: 'bench', tfjs: null, backend: null },
    });
    return batchId;
  };
  return { home, db, runId, newBatch };
}

/** generate28: the cgan28 generator (bench/README.md shapes, random weights), 64 per class × 10 classes per step, PNG + store + rows. */
function generateSession(): WorkloadSession {
  const h = benchHome();
  const arch = cganArch({ resolution: 28, channels: 1, classes: CLASSES, width: 64, zDim: 100, embDim: 50, dHead: 'projection' });
  const model = samplerFrom(arch, buildGenerator(arch, 1));
  let seed = 0;
  return {
    async step() {
      seed += 1;
      const batchId = h.newBatch(seed);
      const classIndices = Array.from({ length: CLASSES }, (_, i) => i);
      await generateSamples({ db: h.db, home: h.home, batchId, model, seed, truncation: null, perClass: GEN_PER_CLASS, classIndices });
    },
    dispose() {
      model.dispose();
      h.db.close();
      rmSync(h.home, { recursive: true, force: true });
    },
  };
}

/** export100k: 100,000 stored 28×28 samples (written before the clock starts) exported as PNG ImageFolder. */
function exportSession(): WorkloadSession {
  const h = benchHome();
  const batchId = h.newBatch(1);
  const perClass = EXPORT_FILES / CLASSES;
  for (let c = 0; c < CLASSES; c++) {
    const rows = [];
    for (let i = 0; i < perClass; i++) {
      rows.push({ classIndex: c, sampleIndex: i, ...storeSample(h.home, encodePng(benchPixels(28, 28, 1, c * perClass + i + 1), 28, 28, 1)) });
    }
    insertSamples(h.db, batchId, rows);
  }
  const outs = mkdtempSync(join(tmpdir(), 'gan-studio-bench-export-'));
  const handlers = createExportHandlers({ db: h.db, home: h.home, app: 'bench' });
  let n = 0;
  return {
    async step() {
      const r = await handlers['exports.create']({ batchIds: [batchId], out: join(outs, `e${n++}`), format: 'png', overwrite: false });
      if (r.files !== EXPORT_FILES) throw new Error(`bench export wrote ${r.files} of ${EXPORT_FILES} files`);
    },
    dispose() {
      h.db.close();
      rmSync(outs, { recursive: true, force: true });
      rmSync(h.home, { recursive: true, force: true });
    },
  };
}

/** Generation and export throughput (the samples issue's numbers: ≥ 500 images/s on wasm; 100,000 files ≤ 60 s). */
export const GENERATE_WORKLOADS: Record<string, WorkloadDef> = {
  generate28: {
    description: `generate ${GEN_PER_CLASS * CLASSES} 28×28 samples with the cgan28 generator: forward, PNG encoding, content-addressed store, database rows`,
    imagesPerStep: GEN_PER_CLASS * CLASSES, steps: 5, warmup: 1,
    setup: generateSession,
  },
  export100k: {
    description: `export ${EXPORT_FILES.toLocaleString('en')} stored 28×28 samples as a PNG ImageFolder with metadata (atomic)`,
    imagesPerStep: EXPORT_FILES, steps: 1, warmup: 0,
    setup: exportSession,
  },
};
