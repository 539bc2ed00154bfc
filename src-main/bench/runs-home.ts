import { randomUUID } from 'node:crypto';
import { openDatabase } from '../engine/db/database';
import { insertBatch } from '../engine/generation/samples-repo';
import { ensureHome } from '../engine/home/studio-home';
import { insertJob, setProgress, setStatus } from '../engine/jobs/jobs-repo';
import { insertRun } from '../engine/training/runs-repo';
import { setBatchTranslation } from '../engine/translation/translations-repo';
import { CGAN_DEFAULTS } from '../engine/models/cgan/spec';

/** What `writeRunsHome` made: ids in insertion order. */
export interface RunsHome {
  runIds: string[];
  /** One per run when `batches` was asked for; every third one a translation (its `direction` set). */
  batchIds: string[];
}

/**
 * Fills a studio home with `runs` completed cGAN runs (100 steps, no files on disk) through the repo functions,
 * as the `cli-start` bench and the CLI tests need: what `runs`, `run` and `batches` read, without training anything.
 * With `batches`, each run gets one 2-class batch row; every third is marked a translation.
 */
export function writeRunsHome(home: string, runs: number, opts: { batches?: boolean } = {}): RunsHome {
  const layout = ensureHome(home);
  const db = openDatabase(layout.database);
  const out: RunsHome = { runIds: [], batchIds: [] };
  const config = { ...CGAN_DEFAULTS, steps: 100, resolution: 28 as const, channels: 1 as const };
  const classes = [{ index: 0, name: 'circle' }, { index: 1, name: 'square' }];
  try {
    db.transaction(() => {
      for (let i = 0; i < runs; i++) {
        const runId = insertJob(db, { jobId: randomUUID().slice(0, 8), kind: 'train', params: { kind: 'cgan', datasets: { train: 'bench-version' }, config }, totalSteps: 100 }).jobId;
        insertRun(db, {
          runId, kind: 'cgan', datasets: [{ role: 'train', ref: 'shapes', versionId: 'bench-version', name: 'shapes' }], config, configDiff: {},
          preset: null, app: 'bench', runDir: `${layout.root}/runs/${runId}`, classNames: classes.map((c) => c.name),
        });
        setProgress(db, runId, 100, 100);
        setStatus(db, runId, 'completed');
        out.runIds.push(runId);
        if (!opts.batches) continue;
        const batchId = randomUUID().slice(0, 8);
        insertBatch(db, {
          batchId, runId, checkpointStep: 100, weights: 'ema', seed: i, truncation: null, perClass: 0, resolution: 28, channels: 1,
          datasetVersionId: 'bench-version', classes, snapshot: { config, classNames: classes.map((c) => c.name), datasets: [] },
          recipe: { rng: 'bench', chunk: 1, bnReference: 1, app: null, tfjs: null, backend: null },
        });
        if (i % 3 === 2) setBatchTranslation(db, batchId, 'a2b', { kind: 'dir', path: '/nowhere' });
        out.batchIds.push(batchId);
      }
    })();
  } finally {
    db.close();
  }
  return out;
}
