import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { CganState } from './cgan-state';
import { verifyCheckpoint, writeCheckpointHashes } from './checkpoint-integrity';
import type { RngState } from './rng';
import { assignFromFile, readTensorFile, writeTensorFile } from './tensor-file';

/**
 * Checkpoint layout, `<runDir>/checkpoints/step-<000123>/`:
 * - `weights.{bin,json}`: G and its EMA (what generation needs), kept for every checkpoint;
 * - `state.{bin,json}` + `state-meta.json`: D, both optimizers' moments, step counts, RNG streams, data order,
 *   augmentation. Kept for the newest `KEEP_FULL` checkpoints (resume needs only the newest).
 * A checkpoint is written under a temporary name and renamed: a killed write leaves no half checkpoint.
 */
const KEEP_FULL = 2;

interface StateMeta {
  step: number;
  adamStepG: number;
  adamStepD: number;
  rng: { data: { s: RngState; spare: number | null }; noise: { s: RngState; spare: number | null }; aug: { s: RngState; spare: number | null } };
  epoch: number;
  cursor: number;
  order: number[];
  augment: boolean;
}

export const checkpointsDir = (runDir: string): string => join(runDir, 'checkpoints');
export const checkpointDir = (runDir: string, step: number): string => join(checkpointsDir(runDir), `step-${String(step).padStart(7, '0')}`);

/** `{prefix/name: v}` for a params object or `{prefix/index: v}` for a list (optimizer moments). */
export const prefixed = (prefix: string, vars: Record<string, tf.Variable> | tf.Variable[]): Record<string, tf.Variable> =>
  Object.fromEntries(Object.entries(vars).map(([k, v]) => [`${prefix}/${k}`, v]));

/** What a checkpoint holds, for any model: `weights` (kept for every checkpoint), `state` and `meta` (newest only). */
export interface CheckpointParts {
  weights: Record<string, tf.Tensor>;
  state: Record<string, tf.Tensor>;
  meta: object;
}

/** Writes a checkpoint at `step` atomically (temporary folder, then rename) and prunes old full states. */
export async function writeCheckpoint(runDir: string, step: number, parts: CheckpointParts): Promise<string> {
  const final = checkpointDir(runDir, step);
  const tmp = `${final}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  await writeTensorFile(join(tmp, 'weights'), parts.weights);
  await writeTensorFile(join(tmp, 'state'), parts.state);
  await writeFile(join(tmp, 'state-meta.json'), JSON.stringify(parts.meta));
  await writeCheckpointHashes(tmp);
  await rm(final, { recursive: true, force: true });
  await rename(tmp, final);
  await pruneOldStates(runDir);
  return final;
}

/** The `state-meta.json` of the checkpoint at `step`. */
export async function readCheckpointMeta<T>(runDir: string, step: number): Promise<T> {
  return JSON.parse(await readFile(join(checkpointDir(runDir, step), 'state-meta.json'), 'utf8')) as T;
}

/** Saves the whole cGAN state at its current step; returns the checkpoint folder. */
export async function saveCheckpoint(runDir: string, state: CganState): Promise<string> {
  const meta: StateMeta = {
    step: state.step, adamStepG: state.optG.step, adamStepD: state.optD.step,
    rng: { data: state.rngData.getState(), noise: state.rngNoise.getState(), aug: state.rngAug.getState() },
    epoch: state.epoch, cursor: state.cursor, order: Array.from(state.order), augment: state.augment,
  };
  return writeCheckpoint(runDir, state.step, {
    weights: { ...prefixed('g', state.g), ...prefixed('ema', state.ema) },
    state: {
      ...prefixed('d', state.d),
      ...prefixed('optG.m', state.optG.m), ...prefixed('optG.v', state.optG.v),
      ...prefixed('optD.m', state.optD.m), ...prefixed('optD.v', state.optD.v),
    },
    meta,
  });
}

/** Steps of the checkpoints on disk, ascending; `full` = resumable (has the optimizer state). */
export async function listCheckpoints(runDir: string): Promise<{ step: number; full: boolean }[]> {
  const dir = checkpointsDir(runDir);
  if (!existsSync(dir)) return [];
  const out: { step: number; full: boolean }[] = [];
  for (const name of await readdir(dir)) {
    const m = /^step-(\d+)$/.exec(name);
    if (m) out.push({ step: Number(m[1]), full: existsSync(join(dir, name, 'state-meta.json')) });
  }
  return out.sort((a, b) => a.step - b.step);
}

async function pruneOldStates(runDir: string): Promise<void> {
  const full = (await listCheckpoints(runDir)).filter((c) => c.full);
  for (const c of full.slice(0, Math.max(0, full.length - KEEP_FULL))) {
    const dir = checkpointDir(runDir, c.step);
    // state-meta.json first: once it is gone the checkpoint no longer claims to be resumable.
    for (const f of ['state-meta.json', 'state.bin', 'state.json']) await rm(join(dir, f), { force: true });
  }
}

/** Restores `state` (built for the same config) from the checkpoint at `step`. */
export async function loadCheckpoint(runDir: string, step: number, state: CganState): Promise<void> {
  const dir = checkpointDir(runDir, step);
  await verifyCheckpoint(dir);
  const meta = await readCheckpointMeta<StateMeta>(runDir, step);
  const weights = await readTensorFile(join(dir, 'weights'));
  assignFromFile({ ...prefixed('g', state.g), ...prefixed('ema', state.ema) }, weights);
  const rest = await readTensorFile(join(dir, 'state'));
  assignFromFile({
    ...prefixed('d', state.d),
    ...prefixed('optG.m', state.optG.m), ...prefixed('optG.v', state.optG.v),
    ...prefixed('optD.m', state.optD.m), ...prefixed('optD.v', state.optD.v),
  }, rest);
  if (meta.order.length !== state.order.length) {
    throw new Error(`checkpoint at step ${step} was made on ${meta.order.length} training images, the dataset now has ${state.order.length}`);
  }
  state.step = meta.step;
  state.optG.step = meta.adamStepG;
  state.optD.step = meta.adamStepD;
  state.rngData.setState(meta.rng.data);
  state.rngNoise.setState(meta.rng.noise);
  state.rngAug.setState(meta.rng.aug);
  state.epoch = meta.epoch;
  state.cursor = meta.cursor;
  state.order = Uint32Array.from(meta.order);
  state.augment = meta.augment;
}

/** Loads only the generator weights (raw and EMA) of a checkpoint, for sampling. */
export async function loadGeneratorWeights(runDir: string, step: number, g: Record<string, tf.Variable>, ema: Record<string, tf.Variable>): Promise<void> {
  await verifyCheckpoint(checkpointDir(runDir, step));
  const weights = await readTensorFile(join(checkpointDir(runDir, step), 'weights'));
  assignFromFile({ ...prefixed('g', g), ...prefixed('ema', ema) }, weights);
}
