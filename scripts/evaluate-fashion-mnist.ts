/**
 * "Does it help?" on Fashion-MNIST, rerunnable by anyone (`npx tsx scripts/evaluate-fashion-mnist.ts [options]`):
 * 1. adds the 100-per-class Fashion-MNIST sample and the 10,000 official test images (t10k) to a studio home;
 * 2. gets the synthetic batch the options ask for:
 *    --batch ID…           existing batches of that home (--home);
 *    --run ID              generate --per-synthetic images per class (default 500) from that run's latest checkpoint;
 *    --preset NAME         train a model (28 px; --model cgan, the default, or diffusion) with that preset first, then generate;
 *    --stand-in real       a batch of further REAL images (the best any synthetic data could do: validates the evaluator);
 *    --stand-in repeat     a batch of one real image per class repeated (a collapsed generator: diversity and recall ≈ 0);
 *    --stand-in shifted    the sample's real images again, each copy shifted up to ±2 px and flipped at random (what
 *                          samples that are only augmented copies of the user's own images would give);
 * 3. runs the studio's own evaluation (an `evaluate` job) against the t10k set and prints its table and sentence.
 * --set KEY=VALUE…         with --preset: a model setting on top of the preset (e.g. --set auxClassifier=1; VALUE is JSON).
 * Other options: --home DIR (default: a new temporary folder), --per-class N (real images, default 100),
 * --draw K (take the K-th block of N real images per class: a second random draw of the sample, default 0),
 * --seeds N (3), --ratio R… (default 1 and 5), --steps N (the evaluator's steps per arm), --baseline shift-flip|shift|none, --json.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { evaluationJson, evaluationLines } from '../src-main/cli/commands/evaluate';
import { openDatabase, type Db } from '../src-main/engine/db/database';
import { addFashionMnistSample, FASHION_MNIST_CLASSES } from '../src-main/engine/datasets';
import { versionSummary } from '../src-main/engine/datasets/dataset-repo';
import { importFashionMnistSet, readFashionMnistSet } from '../src-main/engine/evaluation/fashion-mnist-sets';
import { loadVersionSet } from '../src-main/engine/evaluation/eval-data';
import { augmentedCopies } from '../src-main/engine/evaluation/augmented-copies';
import type { ImageSet } from '../src-main/engine/evaluation/image-set';
import { Rng } from '../src-main/engine/training/rng';
import { encodePng } from '../src-main/engine/datasets/png-encode';
import { insertBatch, insertSamples } from '../src-main/engine/generation/samples-repo';
import { storeSample } from '../src-main/engine/generation/sample-store';
import { ensureHome } from '../src-main/engine/home/studio-home';
import { insertJob, setStatus } from '../src-main/engine/jobs/jobs-repo';
import { openStudio } from '../src-main/engine/studio';
import { insertRun } from '../src-main/engine/training/runs-repo';
import { CGAN_DEFAULTS } from '../src-main/engine/models/cgan/spec';
import type { Evaluation, EvaluationResult } from '../src-main/shared/domain/evaluation';
import type { RunSummary } from '../src-main/shared/domain/run';
import type { SampleBatch } from '../src-main/shared/domain/sample';

const { values } = parseArgs({
  options: {
    home: { type: 'string' }, 'per-class': { type: 'string', default: '100' }, draw: { type: 'string', default: '0' }, batch: { type: 'string', multiple: true },
    run: { type: 'string' }, preset: { type: 'string' }, model: { type: 'string', default: 'cgan' }, set: { type: 'string', multiple: true }, 'stand-in': { type: 'string' }, 'per-synthetic': { type: 'string', default: '500' },
    seeds: { type: 'string', default: '3' }, ratio: { type: 'string', multiple: true }, steps: { type: 'string' }, baseline: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const log = (msg: string): boolean => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${msg}\n`);
const home = values.home ?? mkdtempSync(join(tmpdir(), 'gan-studio-evaluate-'));
const perClass = Number(values['per-class']), draw = Number(values.draw), perSynthetic = Number(values['per-synthetic']);
const sampleName = draw > 0 ? `fashion-mnist-draw${draw}` : 'fashion-mnist';

/**
 * A stand-in "batch" made of images we choose (further real ones, or one repeated): a completed run and generate
 * job rows hang it off the real dataset's version, so the studio evaluates it exactly as a generated batch.
 */
function insertStandInBatch(db: Db, versionId: string, set: ImageSet, label: string): string {
  const runId = insertJob(db, { jobId: randomUUID().slice(0, 8), kind: 'train', params: { standIn: label }, totalSteps: 0 }).jobId;
  setStatus(db, runId, 'completed');
  const summary = versionSummary(db, versionId)!;
  const datasets = [{ role: 'train', ref: summary.name, versionId, name: summary.name }];
  insertRun(db, { runId, kind: 'cgan', datasets, config: { ...CGAN_DEFAULTS, resolution: 28, channels: 1 }, configDiff: { standIn: label }, preset: null,
    app: 'stand-in', runDir: join(home, 'runs', runId), classNames: FASHION_MNIST_CLASSES });
  const batchId = insertJob(db, { jobId: randomUUID().slice(0, 8), kind: 'generate', params: { standIn: label }, totalSteps: set.count }).jobId;
  setStatus(db, batchId, 'completed');
  insertBatch(db, {
    batchId, runId, checkpointStep: 0, weights: 'ema', seed: 0, truncation: null, perClass: Math.ceil(set.count / 10), resolution: 28, channels: 1,
    datasetVersionId: versionId, classes: FASHION_MNIST_CLASSES.map((name, index) => ({ index, name })),
    snapshot: { config: { standIn: label }, classNames: FASHION_MNIST_CLASSES, datasets },
    recipe: { rng: label, chunk: 1, bnReference: 1, app: 'stand-in', tfjs: null, backend: null },
  });
  const seen = new Array<number>(10).fill(0);
  insertSamples(db, batchId, Array.from({ length: set.count }, (_, i) => {
    const stored = storeSample(home, encodePng(set.pixels.subarray(i * 784, (i + 1) * 784), 28, 28, 1));
    const classIndex = set.labels[i]!;
    return { classIndex, sampleIndex: seen[classIndex]!++, ...stored };
  }));
  return batchId;
}

/** One real image per class, repeated `n` times: what a fully collapsed generator gives. */
function repeatedSet(n: number): ImageSet {
  const one = readFashionMnistSet('train', { perClass: 1, skip: 5000 });
  const count = 10 * n, pixels = new Uint8Array(count * 784), labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const k = i % 10;
    pixels.set(one.pixels.subarray(k * 784, (k + 1) * 784), i * 784);
    labels[i] = one.labels[k]!;
  }
  return { resolution: 28, channels: 1, count, pixels, labels };
}

/** `--set KEY=VALUE`… as a config object (VALUE parsed as JSON, else kept as a string). */
function settings(): Record<string, unknown> {
  return Object.fromEntries((values.set ?? []).map((kv) => {
    const at = kv.indexOf('=');
    if (at < 1) throw new Error(`--set wants KEY=VALUE, not '${kv}'`);
    const raw = kv.slice(at + 1);
    try {
      return [kv.slice(0, at), JSON.parse(raw) as unknown];
    } catch {
      return [kv.slice(0, at), raw];
    }
  }));
}

async function waitFor<T>(get: () => Promise<T>, done: (x: T) => boolean): Promise<T> {
  for (;;) {
    const x = await get();
    if (done(x)) return x;
    await new Promise((r) => setTimeout(r, 1000));
  }
}
const ENDED = ['completed', 'stopped', 'failed'];

ensureHome(home);
const db = openDatabase(join(home, 'studio.db'));
log(`home ${home}`);
// The built-in sample (the first N per class), or the K-th draw: images N·K … N·(K+1) − 1 of each class.
const real = draw === 0 ? await addFashionMnistSample(db, home, { perClass, name: sampleName })
  : await importFashionMnistSet(db, home, { split: 'train', name: sampleName, perClass, skip: perClass * draw });
const versionId = real.versionId;
await importFashionMnistSet(db, home, { split: 't10k', name: 'fashion-mnist-t10k', holdoutFraction: 0 });
let batchIds = values.batch ?? [];
if (values['stand-in'] === 'real') {
  // the extra real images come from far beyond any draw (images 3000+ of each class)
  batchIds = [insertStandInBatch(db, versionId, readFashionMnistSet('train', { perClass: perSynthetic, skip: 3000 }), 'extra-real')];
} else if (values['stand-in'] === 'repeat') {
  batchIds = [insertStandInBatch(db, versionId, repeatedSet(perSynthetic), 'repeat-one')];
} else if (values['stand-in'] === 'shifted') {
  // all the version's real images: with the t10k test set the held-out ones train every arm too
  const train = await loadVersionSet(db, home, versionId, 'all', { resolution: 28, channels: 1, classNames: FASHION_MNIST_CLASSES });
  batchIds = [insertStandInBatch(db, versionId, augmentedCopies(train, 10, () => perSynthetic, true, new Rng(1, 97)), 'shifted-real')];
}
db.close();

const studio = await openStudio({ home, face: 'cli', scheduler: true });
try {
  let runId = values.run;
  if (!batchIds.length && !runId && values.preset) {
    const started = Date.now();
    const run = (await studio.dispatch('runs.create', { kind: values.model, datasets: { train: sampleName }, preset: values.preset, config: { resolution: 28, ...settings() } })) as RunSummary;
    log(`training run ${run.runId} (${values.model} ${values.preset})…`);
    const done = await waitFor(() => studio.dispatch('runs.get', { runId: run.runId }) as Promise<RunSummary>, (r) => ENDED.includes(r.status));
    log(`run ${run.runId} ${done.status} in ${((Date.now() - started) / 60000).toFixed(1)} min`);
    runId = run.runId;
  }
  if (!batchIds.length && runId) {
    const b = (await studio.dispatch('samples.generate', { runId, perClass: perSynthetic, seed: 1 })) as SampleBatch;
    await waitFor(() => studio.dispatch('samples.batch', { batchId: b.batchId }) as Promise<SampleBatch>, (x) => ENDED.includes(x.status));
    batchIds = [b.batchId];
  }
  if (!batchIds.length) throw new Error('say what to evaluate: --batch ID, --run ID, --preset NAME or --stand-in real|repeat|shifted');
  const started = Date.now();
  const queued = (await studio.dispatch('evaluations.create', {
    batchIds, dataset: sampleName, test: 'fashion-mnist-t10k', seeds: Number(values.seeds),
    ...(values.ratio ? { ratios: values.ratio.map(Number) } : {}), ...(values.steps ? { steps: Number(values.steps) } : {}),
    ...(values.baseline ? { baseline: values.baseline } : {}),
  })) as Evaluation;
  log(`evaluation ${queued.evaluationId} of ${batchIds.join(', ')}…`);
  const e = await waitFor(() => studio.dispatch('evaluations.get', { evaluationId: queued.evaluationId }) as Promise<Evaluation>, (x) => ENDED.includes(x.status));
  if (!e.result) throw new Error(`evaluation ${e.status}: ${e.error ?? ''}`);
  log(`evaluation took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const done = e as Evaluation & { result: EvaluationResult };
  if (values.json) process.stdout.write(`${JSON.stringify(evaluationJson(done))}\n`);
  else process.stdout.write(`${evaluationLines(done).join('\n')}\n`);
} finally {
  await studio.close();
}
