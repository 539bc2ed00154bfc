/**
 * Quality check of the cGAN (run with `npx tsx scripts/check-cgan-quality.ts [--home DIR] [--preset balanced]`):
 * 1. adds the Fashion-MNIST sample (100 images per class, from Debian's dataset-fashion-mnist) to a studio home;
 * 2. trains the preset at 28×28 through the real job host and worker, timing it (target: ≤ 30 minutes);
 * 3. trains a small fixed classifier (seeded CNN) on 10,000 real Fashion-MNIST training images and reports its
 *    accuracy on the official test set;
 * 4. generates 100 samples per class with the run's final EMA generator and reports how many the classifier puts
 *    in their intended class (target: ≥ 70%).
 * Prints one JSON line; exit 0 when both targets are met, 1 otherwise. `--run ID` skips training and judges that
 * finished run of the home (its time then comes from the run's start and end); `--checkpoint STEP` judges an earlier
 * checkpoint of it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import { resolveBackend } from '../src-main/engine/compute/resolve-backend';
import { openDatabase } from '../src-main/engine/db/database';
import { addFashionMnistSample, FASHION_MNIST_CLASSES, FASHION_MNIST_DIR } from '../src-main/engine/datasets';
import { cganArch } from '../src-main/engine/models/cgan/arch';
import { buildGenerator, generate } from '../src-main/engine/models/cgan/networks';
import type { CganRunConfig } from '../src-main/engine/models/cgan/spec';
import { assignStored, disposeParams, prefixed } from '../src-main/engine/models/params';
import { openStudio } from '../src-main/engine/studio';
import { readCheckpointWeights } from '../src-main/engine/training/checkpoint';
import { Rng } from '../src-main/engine/training/rng';
import type { RunSummary } from '../src-main/shared/domain/run';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const home = arg('home') ?? mkdtempSync(join(tmpdir(), 'gan-studio-quality-'));
const preset = arg('preset') ?? 'balanced';
const log = (msg: string): boolean => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${msg}\n`);

/** IDX images (uint8 [N, 28, 28]) and labels from Debian's gzipped files. */
function readIdx(kind: 'train' | 't10k', limit: number): { x: tf.Tensor4D; y: Int32Array } {
  const images = gunzipSync(readFileSync(join(FASHION_MNIST_DIR, `${kind}-images-idx3-ubyte.gz`)));
  const labels = gunzipSync(readFileSync(join(FASHION_MNIST_DIR, `${kind}-labels-idx1-ubyte.gz`)));
  const n = Math.min(limit, labels.readUInt32BE(4));
  const px = new Float32Array(n * 784);
  for (let i = 0; i < n * 784; i++) px[i] = images[16 + i]! / 127.5 - 1; // same scale as the generator's output
  return { x: tf.tensor4d(px, [n, 28, 28, 1]), y: Int32Array.from(labels.subarray(8, 8 + n)) };
}

/** The judge: a small CNN, seeded, trained on real images only. */
async function trainClassifier(): Promise<{ model: tf.LayersModel; testAccuracy: number }> {
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  const model = tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, activation: 'relu', kernelInitializer: init(1) }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', kernelInitializer: init(2) }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.flatten(),
    tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init(3) }),
    tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(4) }),
  ] });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const train = readIdx('train', 10_000);
  const ys = tf.tensor1d(train.y, 'float32');
  await model.fit(train.x, ys, { epochs: 4, batchSize: 64, shuffle: false, verbose: 0 });
  tf.dispose([train.x, ys]);
  const test = readIdx('t10k', 10_000);
  const testAccuracy = accuracy(model, test.x, test.y);
  test.x.dispose();
  return { model, testAccuracy };
}

/** Share of `x` [N, 28, 28, 1] that `model` classifies as `y`. */
function accuracy(model: tf.LayersModel, x: tf.Tensor4D, y: Int32Array): number {
  const pred = tf.tidy(() => (model.predict(x, { batchSize: 256 }) as tf.Tensor).argMax(1));
  const p = pred.dataSync();
  pred.dispose();
  let right = 0;
  for (let i = 0; i < y.length; i++) if (p[i] === y[i]) right++;
  return right / y.length;
}

async function main(): Promise<number> {
  log(`studio home ${home}`);
  const db = openDatabase(join(home, 'studio.db'));
  const sample = await addFashionMnistSample(db, home, { perClass: 100 });
  db.close();
  log(`dataset ${sample.name}: ${sample.count} images`);

  const studio = await openStudio({ home, face: 'cli' });
  const t0 = Date.now();
  const existing = arg('run');
  let run = existing
    ? ((await studio.dispatch('runs.get', { runId: existing })) as RunSummary)
    : ((await studio.dispatch('runs.create', { kind: 'cgan', datasets: { train: sample.name }, preset, config: { resolution: 28 } })) as RunSummary);
  log(`run ${run.runId}: ${run.preset}, ${run.config.steps} steps × batch ${run.config.batch}, width ${String(run.config.width)}`);
  while (!['completed', 'stopped', 'failed'].includes(run.status)) {
    await new Promise((r) => setTimeout(r, 5000));
    run = (await studio.dispatch('runs.get', { runId: run.runId })) as RunSummary;
    log(`step ${run.step}/${run.totalSteps}`);
  }
  const minutes = existing && run.startedAt && run.endedAt
    ? (Date.parse(run.endedAt) - Date.parse(run.startedAt)) / 60_000 : (Date.now() - t0) / 60_000;
  await studio.close();
  if (run.status !== 'completed') throw new Error(`run ${run.runId} ${run.status}: ${run.error}`);
  if (run.kind !== 'cgan') throw new Error(`run ${run.runId} is a ${run.kind} run, not a cGAN`);

  await resolveBackend(); // this process classifies on the same backend the worker trained with
  const judge = await trainClassifier();
  log(`classifier: ${(judge.testAccuracy * 100).toFixed(1)}% on the Fashion-MNIST test set`);

  const cfg = run.config as unknown as CganRunConfig;
  const arch = cganArch({ ...cfg, classes: 10 });
  const ema = buildGenerator(arch, cfg.seed);
  // Training does not depend on the planned total (no schedule), so an earlier checkpoint stands for a shorter run.
  const step = arg('checkpoint') ? Number(arg('checkpoint')) : run.step;
  assignStored(prefixed('ema', ema), await readCheckpointWeights(run.runDir, step));
  const perClass = 100;
  // The run's class index follows the dataset's folder order; the classifier's follows Fashion-MNIST's labels.
  const labels = Int32Array.from({ length: 10 * perClass }, (_, i) => Math.floor(i / perClass));
  const intended = labels.map((c) => FASHION_MNIST_CLASSES.indexOf(run.classNames[c]!));
  if (intended.some((c) => c < 0)) throw new Error(`unexpected class names ${run.classNames.join(', ')}`);
  const z = new Rng(12345, 0).normals(labels.length * arch.zDim);
  const images = tf.tidy(() => generate(arch, ema, tf.tensor2d(z, [labels.length, arch.zDim]), tf.tensor1d(labels, 'int32')));
  const sampleAccuracy = accuracy(judge.model, images, intended);
  const perClassAccuracy = Object.fromEntries(run.classNames.map((name, c) =>
    [name, tf.tidy(() => accuracy(judge.model, images.slice(c * perClass, perClass), intended.slice(c * perClass, (c + 1) * perClass)))]));
  images.dispose();
  disposeParams(ema);

  const msPerStep = (minutes * 60_000) / run.config.steps;
  const pass = minutes <= 30 && sampleAccuracy >= 0.7;
  process.stdout.write(`${JSON.stringify({ runId: run.runId, preset: run.preset, steps: run.config.steps, judgedStep: step, batch: cfg.batch, width: cfg.width,
    minutes: +minutes.toFixed(2), msPerStep: Math.round(msPerStep), classifierTestAccuracy: +judge.testAccuracy.toFixed(4),
    sampleAccuracy: +sampleAccuracy.toFixed(4), perClassAccuracy, warnings: run.warnings.map((w) => w.code), pass })}\n`);
  return pass ? 0 : 1;
}

main().then((code) => process.exit(code), (err: unknown) => {
  process.stderr.write(`check-cgan-quality: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
