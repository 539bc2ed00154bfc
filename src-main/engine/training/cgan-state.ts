import * as tf from '@tensorflow/tfjs';
import type { CganRunConfig } from '../../shared/domain/run-config';
import { createAdam, type Adam } from '../compute/ops/adam';
import { buildCgan, type CganArch, type Params } from '../models';
import { cloneParams, disposeParams, paramList } from '../models/cgan-arch';
import { Rng } from './rng';

/**
 * Everything a cGAN run is at a step: both networks, the generator's EMA, both optimizers (moments and step
 * counts), the step, the random streams (data order, noise, augmentation) and the place in the data order.
 * A checkpoint stores all of it; nothing else influences the next step.
 */
export interface CganState {
  cfg: CganRunConfig;
  arch: CganArch;
  g: Params;
  d: Params;
  ema: Params;
  optG: Adam;
  optD: Adam;
  step: number;
  /** Whether DiffAugment runs (resolved from cfg.diffAugment and the dataset size). */
  augment: boolean;
  rngData: Rng;
  rngNoise: Rng;
  rngAug: Rng;
  /** Data order: the current epoch's permutation and the next row in it. */
  epoch: number;
  order: Uint32Array;
  cursor: number;
  dispose(): void;
}

/** Fresh state for `cfg` on a dataset of `count` training images and `classes` classes. */
export function createCganState(cfg: CganRunConfig, classes: number, count: number): CganState {
  const model = buildCgan(cfg, classes);
  const g = model.nets.g!, d = model.nets.d!;
  const ema = cloneParams(g);
  const optG = createAdam(paramList(g), { lr: cfg.lrG, beta1: cfg.beta1, beta2: cfg.beta2, eps: 1e-8 });
  const optD = createAdam(paramList(d), { lr: cfg.lrD, beta1: cfg.beta1, beta2: cfg.beta2, eps: 1e-8 });
  const rngData = new Rng(cfg.seed, 1);
  const augment = cfg.diffAugment === 'on' || (cfg.diffAugment === 'auto' && count < cfg.augmentBelow);
  const state: CganState = {
    cfg, arch: model.arch, g, d, ema, optG, optD, step: 0, augment,
    rngData, rngNoise: new Rng(cfg.seed, 2), rngAug: new Rng(cfg.seed, 3),
    epoch: 0, order: rngData.permutation(count), cursor: 0,
    dispose() {
      optG.dispose();
      optD.dispose();
      [g, d, ema].forEach(disposeParams);
    },
  };
  return state;
}

/** A place in a shuffled data order (the cGAN state is one; CycleGAN keeps one per domain). */
export interface DataOrder {
  rngData: Rng;
  epoch: number;
  order: Uint32Array;
  cursor: number;
}

/**
 * The next `batch` rows of the data order; a new epoch (fresh permutation) starts when fewer than `batch` rows
 * are left, so every batch is full and each image is seen once per epoch.
 */
export function nextBatchRows(state: DataOrder, batch: number): Uint32Array {
  if (state.cursor + batch > state.order.length) {
    state.epoch += 1;
    state.order = state.rngData.permutation(state.order.length);
    state.cursor = 0;
  }
  const rows = state.order.slice(state.cursor, state.cursor + batch);
  state.cursor += batch;
  return rows;
}

/** Updates the EMA of G: decay warms up as min(decay, (1 + t) / (10 + t)) so early samples are not stale. */
export function updateEma(state: CganState): void {
  const decay = Math.min(state.cfg.emaDecay, (1 + state.step) / (10 + state.step));
  tf.tidy(() => {
    for (const [name, v] of Object.entries(state.g)) {
      const e = state.ema[name]!;
      e.assign(tf.add(tf.mul(e, decay), tf.mul(v, 1 - decay)));
    }
  });
}
