import { randomBytes } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../../shared/api/errors';
import type { RunSummary } from '../../shared/domain/run';
import type { Db } from '../db/database';
import { encodePng, preprocessImage } from '../datasets';
import { insertBatch } from '../generation/samples-repo';
import { storeSample } from '../generation/sample-store';
import { buildCyclegan } from '../models/cyclegan-model';
import { runGenerator } from '../models/cyclegan-networks';
import { loadCycleganGenerators } from '../training/cyclegan-checkpoint';
import * as runs from '../training/runs-repo';
import { appVersion } from '../version';
import { collectInputs, readInput, type TranslateInputs } from './translate-inputs';
import { insertTranslatedSamples, setBatchTranslation, type Direction, type TranslatedSample } from './translations-repo';

/** Images per forward pass. Instance norm is per image, so an output does not depend on its chunk. */
const CHUNK = 8;

export interface TranslateRequest {
  runId: string;
  direction: Direction;
  /** A step with a saved checkpoint, or 'latest'. */
  checkpoint: number | 'latest';
  inputDir?: string;
  inputDataset?: string;
}

/** The CycleGAN run and checkpoint step a request names; anything else is refused with the reason. */
export function resolveTranslateRun(db: Db, req: TranslateRequest): { run: RunSummary & { kind: 'cyclegan' }; step: number } {
  const run = runs.getRun(db, req.runId);
  if (!run) throw new ApiError('not_found', `no run ${req.runId}: list them with 'gan-studio runs'`);
  if (run.kind !== 'cyclegan') throw new ApiError('bad_input', `run ${req.runId} is a ${run.kind} run: translate needs a CycleGAN run (use generate for a cGAN)`);
  const steps = run.checkpoints;
  if (steps.length === 0) throw new ApiError('bad_input', `run ${req.runId} has no checkpoint yet: train it first`);
  const step = req.checkpoint === 'latest' ? steps.at(-1)! : req.checkpoint;
  if (!steps.includes(step)) throw new ApiError('bad_input', `run ${req.runId} has no checkpoint at step ${step}: it has ${steps.join(', ')}`);
  return { run, step };
}

/**
 * Translates a folder or a dataset through A→B or B→A at a checkpoint into a new generated batch (004's tables,
 * weights 'raw': CycleGAN keeps no EMA). Each output records its source's hash and path; a labeled source keeps
 * its class, anything else lands in one class named after the target domain. Returns `{batchId, count}`.
 */
export async function translateToBatch(db: Db, home: string, req: TranslateRequest, backend: string | null = null): Promise<{ batchId: string; count: number }> {
  if ((req.inputDir === undefined) === (req.inputDataset === undefined)) throw new ApiError('bad_input', 'translate needs exactly one of --input-dir DIR or --input-dataset D');
  const { run, step } = resolveTranslateRun(db, req);
  const [from, to] = req.direction === 'a2b' ? ['a', 'b'] : ['b', 'a'];
  const source = run.datasets.find((d) => d.role === from)!, target = run.datasets.find((d) => d.role === to)!;
  const inputs = await collectInputs(db, { dir: req.inputDir, dataset: req.inputDataset }, target.name, source.versionId);
  const model = buildCyclegan(run.config);
  try {
    await loadCycleganGenerators(run.runDir, step, model.nets as { gA2B: never; gB2A: never });
    const batchId = newBatchId(db);
    const { resolution, channels } = run.config;
    db.transaction(() => {
      insertBatch(db, {
        batchId, runId: run.runId, checkpointStep: step, weights: 'raw', seed: 0, truncation: null, perClass: inputs.items.length, resolution, channels,
        datasetVersionId: inputs.datasetVersionId, classes: inputs.classes, snapshot: { config: run.config, classNames: run.classNames, datasets: run.datasets },
        recipe: { rng: 'none: translation is deterministic', chunk: CHUNK, bnReference: 1, app: appVersion(), tfjs: tf.version.tfjs, backend: backend ?? tf.getBackend() },
      });
      setBatchTranslation(db, batchId, req.direction, inputs.source);
    })();
    const g = req.direction === 'a2b' ? model.nets.gA2B! : model.nets.gB2A!;
    const perClass = new Map<number, number>();
    for (let i = 0; i < inputs.items.length; i += CHUNK) {
      const rows = await translateChunk(home, inputs, i, (x) => runGenerator(model.arch, g, x), resolution, channels, perClass);
      insertTranslatedSamples(db, batchId, rows);
    }
    return { batchId, count: inputs.items.length };
  } finally {
    model.dispose();
  }
}

async function translateChunk(home: string, inputs: TranslateInputs, start: number, g: (x: tf.Tensor4D) => tf.Tensor4D, R: number, C: 1 | 3,
  perClass: Map<number, number>): Promise<TranslatedSample[]> {
  const items = inputs.items.slice(start, start + CHUNK);
  const read = await Promise.all(items.map(readInput));
  const frame = R * R * C;
  const x = new Float32Array(items.length * frame);
  for (const [k, r] of read.entries()) {
    const px = await preprocessImage(r.bytes, R, C, 'crop').catch((err: Error) => {
      throw new ApiError('bad_input', `cannot translate ${items[k]!.abs}: ${err.message}`);
    });
    for (let j = 0; j < frame; j++) x[k * frame + j] = px[j]! / 127.5 - 1;
  }
  const y = tf.tidy(() => g(tf.tensor4d(x, [items.length, R, R, C])));
  const out = y.dataSync() as Float32Array;
  y.dispose();
  return items.map((item, k) => {
    const px = new Uint8Array(frame);
    for (let j = 0; j < frame; j++) px[j] = Math.max(0, Math.min(255, Math.round((out[k * frame + j]! + 1) * 127.5)));
    const stored = storeSample(home, encodePng(px, R, R, C));
    const sampleIndex = perClass.get(item.classIndex) ?? 0;
    perClass.set(item.classIndex, sampleIndex + 1);
    return { classIndex: item.classIndex, sampleIndex, ...stored, sourceSha256: read[k]!.sha256, sourcePath: item.abs };
  });
}

/** 8 hex digits, unused by any batch or job (batches join jobs on this id). */
function newBatchId(db: Db): string {
  for (;;) {
    const id = randomBytes(4).toString('hex');
    if (!db.prepare('SELECT 1 FROM sample_batches WHERE batch_id = ? UNION SELECT 1 FROM jobs WHERE job_id = ?').get(id, id)) return id;
  }
}
