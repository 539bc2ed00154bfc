import type { CycleganRunConfig } from '../../shared/domain/cyclegan-config';
import { createAdam, type Adam, type AdamConfig } from '../compute/ops/adam';
import { paramList, type Params } from '../models/cgan-arch';
import { buildCyclegan } from '../models/cyclegan-model';
import type { CycleganArch } from '../models/cyclegan-networks';
import type { DataOrder } from './cgan-state';
import { ImagePool } from './cyclegan-pool';
import { Rng } from './rng';

/**
 * Everything a CycleGAN run is at a step: four networks, both optimizers (one over both generators, one over both
 * discriminators, as PyTorch's CycleGAN), the step, each domain's data order, the jitter and pool streams and both
 * history pools. A checkpoint stores all of it.
 */
export interface CycleganState {
  cfg: CycleganRunConfig;
  arch: CycleganArch;
  /** gA2B translates A → B, gB2A B → A; dA judges domain A images, dB domain B's. */
  nets: { gA2B: Params; gB2A: Params; dA: Params; dB: Params };
  optG: Adam;
  optD: Adam;
  /** The optimizers' configs: the step sets `lr` from the schedule before each update. */
  adamG: AdamConfig;
  adamD: AdamConfig;
  step: number;
  orderA: DataOrder;
  orderB: DataOrder;
  /** Jitter (crop place, flip) and pool draws. */
  rngAug: Rng;
  rngPool: Rng;
  /** Pools of generated A images (shown to dA) and B images (dB). */
  poolA: ImagePool;
  poolB: ImagePool;
  dispose(): void;
}

const newOrder = (rng: Rng, count: number): DataOrder => ({ rngData: rng, epoch: 0, order: rng.permutation(count), cursor: 0 });

/** Fresh state for `cfg` on domains of `countA` and `countB` training images. */
export function createCycleganState(cfg: CycleganRunConfig, countA: number, countB: number): CycleganState {
  const model = buildCyclegan(cfg);
  const nets = model.nets as CycleganState['nets'];
  const adamG: AdamConfig = { lr: cfg.lrG, beta1: cfg.beta1, beta2: cfg.beta2, eps: 1e-8 };
  const adamD: AdamConfig = { lr: cfg.lrD, beta1: cfg.beta1, beta2: cfg.beta2, eps: 1e-8 };
  // createAdam reads cfg.lr at every update: the schedule mutates these objects (see cyclegan-step.ts).
  const optG = createAdam([...paramList(nets.gA2B), ...paramList(nets.gB2A)], adamG);
  const optD = createAdam([...paramList(nets.dA), ...paramList(nets.dB)], adamD);
  const frame = cfg.resolution * cfg.resolution * cfg.channels;
  return {
    cfg, arch: model.arch, nets, optG, optD, adamG, adamD, step: 0,
    orderA: newOrder(new Rng(cfg.seed, 1), countA), orderB: newOrder(new Rng(cfg.seed, 5), countB),
    rngAug: new Rng(cfg.seed, 3), rngPool: new Rng(cfg.seed, 6),
    poolA: new ImagePool(cfg.poolSize, frame), poolB: new ImagePool(cfg.poolSize, frame),
    dispose() {
      optG.dispose();
      optD.dispose();
      model.dispose();
    },
  };
}
