import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Params } from '../models/cgan-arch';
import { checkpointDir, prefixed, readCheckpointMeta, writeCheckpoint } from './checkpoint';
import { verifyCheckpoint } from './checkpoint-integrity';
import type { DataOrder } from './cgan-state';
import type { CycleganState } from './cyclegan-state';
import type { RngState } from './rng';
import { assignFromFile, readTensorFile } from './tensor-file';

/**
 * CycleGAN checkpoints, in the cGAN's layout (checkpoint.ts): `weights` = both generators (what translation
 * needs), `state` = both discriminators, both optimizers' moments and both history pools, `state-meta.json` =
 * step, Adam step counts, every RNG stream and each domain's place in its data order.
 */
interface RngSnap { s: RngState; spare: number | null }
interface OrderSnap { rng: RngSnap; epoch: number; cursor: number; order: number[] }
interface CycleganMeta {
  kind: 'cyclegan';
  step: number;
  adamStepG: number;
  adamStepD: number;
  orderA: OrderSnap;
  orderB: OrderSnap;
  rngAug: RngSnap;
  rngPool: RngSnap;
  poolCount: { a: number; b: number };
}

const snapOrder = (o: DataOrder): OrderSnap => ({ rng: o.rngData.getState(), epoch: o.epoch, cursor: o.cursor, order: Array.from(o.order) });

function restoreOrder(o: DataOrder, s: OrderSnap, domain: string): void {
  if (s.order.length !== o.order.length) {
    throw new Error(`the checkpoint was made on ${s.order.length} training images of domain ${domain}, the dataset now has ${o.order.length}`);
  }
  o.rngData.setState(s.rng);
  o.epoch = s.epoch;
  o.cursor = s.cursor;
  o.order = Uint32Array.from(s.order);
}

const generatorVars = (s: { gA2B: Params; gB2A: Params }): Record<string, tf.Variable> => ({ ...prefixed('gA2B', s.gA2B), ...prefixed('gB2A', s.gB2A) });
const stateVars = (s: CycleganState): Record<string, tf.Variable> => ({
  ...prefixed('dA', s.nets.dA), ...prefixed('dB', s.nets.dB),
  ...prefixed('optG.m', s.optG.m), ...prefixed('optG.v', s.optG.v), ...prefixed('optD.m', s.optD.m), ...prefixed('optD.v', s.optD.v),
});

/** Saves the whole state at its step; returns the checkpoint folder. */
export async function saveCycleganCheckpoint(runDir: string, s: CycleganState): Promise<string> {
  const R = s.cfg.resolution, C = s.cfg.channels;
  const pools = { 'pool/a': tf.tensor4d(s.poolA.flat(), [s.poolA.images.length, R, R, C]), 'pool/b': tf.tensor4d(s.poolB.flat(), [s.poolB.images.length, R, R, C]) };
  const meta: CycleganMeta = {
    kind: 'cyclegan', step: s.step, adamStepG: s.optG.step, adamStepD: s.optD.step, orderA: snapOrder(s.orderA), orderB: snapOrder(s.orderB),
    rngAug: s.rngAug.getState(), rngPool: s.rngPool.getState(), poolCount: { a: s.poolA.images.length, b: s.poolB.images.length },
  };
  try {
    return await writeCheckpoint(runDir, s.step, { weights: generatorVars(s.nets), state: { ...stateVars(s), ...pools }, meta });
  } finally {
    tf.dispose(Object.values(pools));
  }
}

/** Restores `s` (built for the same config and datasets) from the checkpoint at `step`. */
export async function loadCycleganCheckpoint(runDir: string, step: number, s: CycleganState): Promise<void> {
  await verifyCheckpoint(checkpointDir(runDir, step));
  const meta = await readCheckpointMeta<CycleganMeta>(runDir, step);
  if (meta.kind !== 'cyclegan') throw new Error(`the checkpoint at step ${step} is not a CycleGAN checkpoint`);
  assignFromFile(generatorVars(s.nets), await readTensorFile(join(checkpointDir(runDir, step), 'weights')));
  const rest = await readTensorFile(join(checkpointDir(runDir, step), 'state'));
  assignFromFile(stateVars(s), rest);
  restoreOrder(s.orderA, meta.orderA, 'A');
  restoreOrder(s.orderB, meta.orderB, 'B');
  s.poolA.restore(meta.poolCount.a ? rest.get('pool/a')!.values : new Float32Array(0));
  s.poolB.restore(meta.poolCount.b ? rest.get('pool/b')!.values : new Float32Array(0));
  s.step = meta.step;
  s.optG.step = meta.adamStepG;
  s.optD.step = meta.adamStepD;
  s.rngAug.setState(meta.rngAug);
  s.rngPool.setState(meta.rngPool);
}

/** Loads the generators of a checkpoint (any kept step, full or not), for translation. */
export async function loadCycleganGenerators(runDir: string, step: number, nets: { gA2B: Params; gB2A: Params }): Promise<void> {
  await verifyCheckpoint(checkpointDir(runDir, step));
  assignFromFile(generatorVars(nets), await readTensorFile(join(checkpointDir(runDir, step), 'weights')));
}
