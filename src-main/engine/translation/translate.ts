import { ApiError } from '../../shared/api/errors';
import type { RunSummary } from '../../shared/domain/run';
import type { TranslateInput, TranslateParams } from '../../shared/domain/sample';
import type { Db } from '../db/database';
import { encodePng, preprocessImage } from '../datasets';
import { insertBatch } from '../generation/samples-repo';
import { storeSample } from '../generation/sample-store';
import type { Translator } from '../models/model';
import { mustFindModel } from '../models/registry';
import { readCheckpointWeights } from '../training/checkpoint';
import * as runs from '../training/runs-repo';
import { collectInputs, readInput, type TranslateInputs } from './translate-inputs';
import { countTranslated, insertTranslatedSamples, setBatchTranslation, type TranslatedSample } from './translations-repo';

/** The translating run, checkpoint step and direction a request names; anything else is refused with the reason. */
export function resolveTranslateRun(db: Db, req: Pick<TranslateInput, 'runId' | 'checkpoint' | 'direction'>): { run: RunSummary; step: number; from: string; to: string } {
  const run = runs.getRun(db, req.runId);
  if (!run) throw new ApiError('not_found', `no run ${req.runId}: list them with 'gan-studio runs'`);
  if (run.deletedAt) throw new ApiError('conflict', `run ${req.runId} was deleted (${run.deletedAt}): its checkpoints are gone`);
  const spec = mustFindModel(run.kind);
  if (spec.inference !== 'translate') throw new ApiError('bad_input', `run ${req.runId} is a ${spec.title} run: translate needs a translating model such as CycleGAN (use generate)`);
  const direction = spec.directions.find((d) => d.name === req.direction);
  if (!direction) throw new ApiError('bad_input', `--direction must be ${spec.directions.map((d) => d.name).join(' or ')}, not '${req.direction}'`);
  const steps = run.checkpoints;
  if (steps.length === 0) throw new ApiError('bad_input', `run ${req.runId} has no checkpoint yet: train it first`);
  const step = req.checkpoint === 'latest' ? steps.at(-1)! : req.checkpoint;
  if (!steps.includes(step)) throw new ApiError('bad_input', `run ${req.runId} has no checkpoint at step ${step}: it has ${steps.join(', ')}`);
  return { run, step, from: direction.from, to: direction.to };
}

/** Images per forward pass. Instance norm is per image, so an output does not depend on its chunk. */
export const TRANSLATE_CHUNK = 8;

/** The inputs of a translation: a folder or a dataset, with the run's source and target domains. */
async function inputsOf(db: Db, run: RunSummary, from: string, to: string, o: { inputDir?: string; inputDataset?: string }): Promise<TranslateInputs> {
  if ((o.inputDir === undefined) === (o.inputDataset === undefined)) throw new ApiError('bad_input', 'translate needs exactly one of --input-dir DIR or --input-dataset D');
  const source = run.datasets.find((d) => d.role === from)!, target = run.datasets.find((d) => d.role === to)!;
  return collectInputs(db, { dir: o.inputDir, dataset: o.inputDataset }, target.name, source.versionId);
}

/**
 * `samples.translate`, in the API's process: checks the run, checkpoint and inputs, and records the batch (004's
 * tables, weights 'raw': CycleGAN keeps no EMA) in the transaction that queues its `translate` job.
 */
export async function createTranslation(db: Db, input: TranslateInput, enqueue: (params: TranslateParams, total: number) => string): Promise<string> {
  const { run, step, from, to } = resolveTranslateRun(db, input);
  const inputs = await inputsOf(db, run, from, to, input);
  const params: TranslateParams = { runId: run.runId, checkpointStep: step, direction: input.direction,
    ...(input.inputDir !== undefined ? { inputDir: input.inputDir } : { inputDataset: input.inputDataset! }) };
  const { resolution, channels } = run.config;
  return db.transaction(() => {
    const batchId = enqueue(params, inputs.items.length);
    insertBatch(db, {
      batchId, runId: run.runId, checkpointStep: step, weights: 'raw', seed: 0, truncation: null, perClass: inputs.items.length, resolution, channels,
      datasetVersionId: inputs.datasetVersionId, classes: inputs.classes, snapshot: { config: run.config, classNames: run.classNames, datasets: run.datasets },
      recipe: { rng: 'none: translation is deterministic', chunk: TRANSLATE_CHUNK, bnReference: 1, app: null, tfjs: null, backend: null },
    });
    setBatchTranslation(db, batchId, input.direction, inputs.source);
    return batchId;
  })();
}

/** The translator of a run's checkpoint. */
export async function loadTranslator(run: RunSummary, step: number): Promise<Translator> {
  const spec = mustFindModel(run.kind);
  const model = await spec.load();
  if (!model.loadTranslator) throw new ApiError('bad_input', `run ${run.runId} is a ${spec.title} run: it does not translate`);
  return model.loadTranslator(spec.schema.parse({ ...spec.defaults, ...run.config }) as never, await readCheckpointWeights(run.runDir, step));
}

/**
 * Translates the batch's inputs chunk by chunk (one transaction each); a resumed job continues after the chunks
 * already stored. Each output records its source's hash and path; a labeled source keeps its class, anything else
 * lands in one class named after the target domain.
 */
export async function translateBatch(db: Db, home: string, batchId: string, p: TranslateParams, o: {
  checkpoint?: () => Promise<'continue' | 'stop'>; progress?: (done: number, total: number) => void;
}): Promise<{ status: 'completed' | 'stopped'; done: number }> {
  const run = runs.getRun(db, p.runId);
  if (!run) throw new ApiError('not_found', `run ${p.runId} no longer exists`);
  const { from, to } = resolveTranslateRun(db, { runId: p.runId, checkpoint: p.checkpointStep, direction: p.direction });
  const inputs = await inputsOf(db, run, from, to, p);
  const translator = await loadTranslator(run, p.checkpointStep);
  try {
    const perClass = new Map<number, number>();
    // Whole chunks only: the rows of a chunk are written in one transaction.
    let done = countTranslated(db, batchId);
    for (const item of inputs.items.slice(0, done)) perClass.set(item.classIndex, (perClass.get(item.classIndex) ?? 0) + 1);
    while (done < inputs.items.length) {
      if (o.checkpoint && (await o.checkpoint()) === 'stop') return { status: 'stopped', done };
      const rows = await translateChunk(home, inputs, done, translator, p.direction, perClass);
      insertTranslatedSamples(db, batchId, rows);
      done += rows.length;
      o.progress?.(done, inputs.items.length);
    }
    return { status: 'completed', done };
  } finally {
    translator.dispose();
  }
}

async function translateChunk(home: string, inputs: TranslateInputs, start: number, t: Translator, direction: string,
  perClass: Map<number, number>): Promise<TranslatedSample[]> {
  const items = inputs.items.slice(start, start + TRANSLATE_CHUNK);
  const R = t.resolution, C = t.channels;
  const read = await Promise.all(items.map(readInput));
  const frame = R * R * C;
  const x = new Float32Array(items.length * frame);
  for (const [k, r] of read.entries()) {
    const px = await preprocessImage(r.bytes, R, C, 'crop').catch((err: Error) => {
      throw new ApiError('bad_input', `cannot translate ${items[k]!.abs}: ${err.message}`);
    });
    for (let j = 0; j < frame; j++) x[k * frame + j] = px[j]! / 127.5 - 1;
  }
  const out = await t.translate(x, items.length, direction);
  return items.map((item, k) => {
    const px = new Uint8Array(frame);
    for (let j = 0; j < frame; j++) px[j] = Math.max(0, Math.min(255, Math.round((out[k * frame + j]! + 1) * 127.5)));
    const stored = storeSample(home, encodePng(px, R, R, C));
    const sampleIndex = perClass.get(item.classIndex) ?? 0;
    perClass.set(item.classIndex, sampleIndex + 1);
    return { classIndex: item.classIndex, sampleIndex, ...stored, sourceSha256: read[k]!.sha256, sourcePath: item.abs };
  });
}
