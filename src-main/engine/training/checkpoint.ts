import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { LoopMeta, StoredTensors } from '../models/model';
import { readTensorFile, writeTensorFile } from './tensor-file';
import { verifyCheckpoint, writeCheckpointHashes } from './checkpoint-integrity';

/**
 * Checkpoint layout, `<runDir>/checkpoints/step-<000123>/`, the same for every model:
 * - `weights.{bin,json}`: what inference needs (generators, EMA), kept for every checkpoint;
 * - `state.{bin,json}` + `state-meta.json`: the rest of the training state (discriminators, optimizer moments,
 *   pools) and its plain values (step, RNG streams, data orders, the model's own). Kept for the newest `KEEP_FULL`
 *   checkpoints (resume needs only the newest).
 * A checkpoint is written under a temporary name and renamed: a killed write leaves no half checkpoint.
 */
const KEEP_FULL = 2;
/** `state-meta.json` of the one training loop; files without it were written by the per-model loops before. */
const META_FORMAT = 2;

export const checkpointsDir = (runDir: string): string => join(runDir, 'checkpoints');
export const checkpointDir = (runDir: string, step: number): string => join(checkpointsDir(runDir), `step-${String(step).padStart(7, '0')}`);

/** What a checkpoint holds, for any model. */
export interface CheckpointParts {
  weights: Record<string, tf.Tensor>;
  state: Record<string, tf.Tensor>;
  meta: LoopMeta;
}

/** Writes a checkpoint at `step` atomically (temporary folder, then rename) and prunes old full states. */
export async function writeCheckpoint(runDir: string, step: number, parts: CheckpointParts): Promise<string> {
  const final = checkpointDir(runDir, step);
  const tmp = `${final}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  try {
    await mkdir(tmp, { recursive: true });
    await writeTensorFile(join(tmp, 'weights'), parts.weights);
    await writeTensorFile(join(tmp, 'state'), parts.state);
    await writeFile(join(tmp, 'state-meta.json'), JSON.stringify({ format: META_FORMAT, ...parts.meta }));
    await writeCheckpointHashes(tmp);
    await rm(final, { recursive: true, force: true });
    await rename(tmp, final);
  } catch (err) {
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    throw err;
  }
  await pruneOldStates(runDir);
  return final;
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

/** The weights of the checkpoint at `step` (any kept step, full or not): what inference loads. */
export async function readCheckpointWeights(runDir: string, step: number): Promise<StoredTensors> {
  await verifyCheckpoint(checkpointDir(runDir, step));
  return readTensorFile(join(checkpointDir(runDir, step), 'weights'));
}

/**
 * The whole checkpoint at `step`, its meta in today's form: `upgrade` reads a meta written before the one
 * training loop (the model's own layout).
 */
export async function readCheckpoint(runDir: string, step: number, upgrade?: (old: Record<string, unknown>) => LoopMeta):
  Promise<{ weights: StoredTensors; state: StoredTensors; meta: LoopMeta }> {
  const dir = checkpointDir(runDir, step);
  await verifyCheckpoint(dir);
  const metaFile = join(dir, 'state-meta.json');
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(await readFile(metaFile, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`${metaFile} cannot be read (${(err as Error).message})`);
  }
  let meta: LoopMeta;
  if (raw.format === META_FORMAT) meta = raw as unknown as LoopMeta;
  else if (upgrade) meta = upgrade(raw);
  else throw new Error(`${metaFile} has an unknown format`);
  return { weights: await readTensorFile(join(dir, 'weights')), state: await readTensorFile(join(dir, 'state')), meta };
}
