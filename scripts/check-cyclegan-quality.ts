/**
 * Quality check of CycleGAN (run with `npx tsx scripts/check-cyclegan-quality.ts [--home DIR] [--preset quick] [--steps N]`):
 * 1. draws seeded 64×64 scenes (gradient background, a few discs and boxes) in a warm palette (red high, blue low);
 *    folder A = scenes 0–299, folder B = T(scenes 300–599) with T = swap red and blue (a fixed colour transform of
 *    other images than A's: the domains are unpaired), held-out = scenes 600–649 (never imported);
 * 2. imports both as domain datasets and trains the preset through the real job host and worker, timing it
 *    (target: ≤ 30 minutes);
 * 3. translates the held-out scenes A → B with the final checkpoint (`samples.translate`, a job of the same host)
 *    and compares with T(scene): the mean absolute
 *    error (0–255) of the translations must be at most half that of the untranslated scenes.
 * Prints one JSON line; exit 0 when both targets are met. `--run ID` judges that finished run of the home instead.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { importDataset } from '../src-main/engine/datasets';
import { openDatabase } from '../src-main/engine/db/database';
import { openStudio } from '../src-main/engine/studio';
import { Rng } from '../src-main/engine/training/rng';
import { listTranslatedSamples } from '../src-main/engine/translation/translations-repo';
import type { RunSummary } from '../src-main/shared/domain/run';
import type { SampleBatch } from '../src-main/shared/domain/sample';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const home = arg('home') ?? mkdtempSync(join(tmpdir(), 'gan-studio-cyclegan-'));
const preset = arg('preset') ?? 'quick';
const S = 64;
const log = (msg: string): boolean => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${msg}\n`);

/** Scene `i`: RGB uint8 [64, 64, 3], warm palette. */
function scene(i: number): Uint8Array {
  const rng = new Rng(777, i);
  const warm = (): [number, number, number] => [128 + rng.int(128), rng.int(256), rng.int(128)];
  const [c0, c1] = [warm(), warm()];
  const px = new Uint8Array(S * S * 3);
  for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) for (let k = 0; k < 3; k++) px[(y * S + x) * 3 + k] = Math.round(c0[k]! + ((c1[k]! - c0[k]!) * y) / (S - 1));
  for (let n = 2 + rng.int(3); n > 0; n--) {
    const c = warm(), cx = rng.int(S), cy = rng.int(S), r = 5 + rng.int(12), box = rng.uniform() < 0.5;
    for (let y = 0; y < S; y++) {
      for (let x = 0; x < S; x++) {
        if (box ? Math.abs(x - cx) < r && Math.abs(y - cy) < r : (x - cx) ** 2 + (y - cy) ** 2 < r * r) px.set(c, (y * S + x) * 3);
      }
    }
  }
  return px;
}

/** The known transform: swap red and blue. */
const transform = (px: Uint8Array): Uint8Array => px.map((v, j) => (j % 3 === 0 ? px[j + 2]! : j % 3 === 2 ? px[j - 2]! : v));

async function writeFolder(dir: string, ids: number[], f: (px: Uint8Array) => Uint8Array = (p) => p): Promise<string> {
  mkdirSync(dir, { recursive: true });
  for (const i of ids) await sharp(Buffer.from(f(scene(i))), { raw: { width: S, height: S, channels: 3 } }).png().toFile(join(dir, `${String(i).padStart(4, '0')}.png`));
  return dir;
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, k) => from + k);
const mae = (a: Uint8Array, b: Uint8Array): number => a.reduce((s, v, j) => s + Math.abs(v - b[j]!), 0) / a.length;

async function main(): Promise<number> {
  log(`studio home ${home}`);
  const heldOut = await writeFolder(join(home, 'src', 'held-out'), range(600, 650));
  const studio = await openStudio({ home, face: 'cli' });
  const existing = arg('run');
  const t0 = Date.now();
  let run: RunSummary;
  if (existing) run = (await studio.dispatch('runs.get', { runId: existing })) as RunSummary;
  else {
    const db = openDatabase(join(home, 'studio.db'));
    await importDataset(db, home, { folder: await writeFolder(join(home, 'src', 'warm'), range(0, 300)), kind: 'domain', name: 'warm', holdoutFraction: 0 });
    await importDataset(db, home, { folder: await writeFolder(join(home, 'src', 'cool'), range(300, 600), transform), kind: 'domain', name: 'cool', holdoutFraction: 0 });
    db.close();
    const steps = arg('steps') ? { steps: Number(arg('steps')) } : {};
    run = (await studio.dispatch('runs.create', { kind: 'cyclegan', datasets: { a: 'warm', b: 'cool' }, preset, config: { resolution: S, ...steps } })) as RunSummary;
  }
  log(`run ${run.runId}: ${run.preset}, ${run.config.steps} steps × batch ${run.config.batch}, width ${String(run.config.width)}`);
  while (!['completed', 'stopped', 'failed'].includes(run.status)) {
    await new Promise((r) => setTimeout(r, 10_000));
    run = (await studio.dispatch('runs.get', { runId: run.runId })) as RunSummary;
    log(`step ${run.step}/${run.totalSteps}`);
  }
  if (run.status !== 'completed') {
    await studio.close();
    throw new Error(`run ${run.runId} ${run.status}: ${run.error}`);
  }
  const minutes = existing && run.startedAt && run.endedAt ? (Date.parse(run.endedAt) - Date.parse(run.startedAt)) / 60_000 : (Date.now() - t0) / 60_000;

  let batch = (await studio.dispatch('samples.translate', { runId: run.runId, direction: 'a2b', checkpoint: 'latest', inputDir: heldOut })) as SampleBatch;
  while (!['completed', 'stopped', 'failed'].includes(batch.status)) {
    await new Promise((r) => setTimeout(r, 1000));
    batch = (await studio.dispatch('samples.batch', { batchId: batch.batchId })) as SampleBatch;
  }
  await studio.close();
  if (batch.status !== 'completed') throw new Error(`translation ${batch.batchId} ${batch.status}`);
  const batchId = batch.batchId;

  const db = openDatabase(join(home, 'studio.db'));
  let translated = 0, untranslated = 0;
  const outs = listTranslatedSamples(db, batchId);
  for (const o of outs) {
    const id = Number(/(\d+)\.png$/.exec(o.sourcePath)![1]);
    const target = transform(scene(id));
    const { data } = await sharp(readFileSync(join(home, o.path))).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    translated += mae(new Uint8Array(data), target) / outs.length;
    untranslated += mae(scene(id), target) / outs.length;
  }
  db.close();
  const pass = minutes <= 30 && translated <= 0.5 * untranslated;
  process.stdout.write(`${JSON.stringify({ runId: run.runId, preset: run.preset, steps: run.config.steps, minutes: +minutes.toFixed(2),
    msPerStep: Math.round((minutes * 60_000) / run.config.steps), heldOut: outs.length, maeTranslated: +translated.toFixed(2),
    maeUntranslated: +untranslated.toFixed(2), ratio: +(translated / untranslated).toFixed(3), warnings: run.warnings.map((w) => w.code), pass })}\n`);
  return pass ? 0 : 1;
}

main().then((code) => process.exit(code), (err: unknown) => {
  process.stderr.write(`check-cyclegan-quality: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
