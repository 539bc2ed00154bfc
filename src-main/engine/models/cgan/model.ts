import type { LoopMeta, ModelModule } from '../model';
import { loadCganSampler } from './sampler';
import type { CganRunConfig } from './spec';
import { createCganTrainer } from './trainer';

type RngSnap = LoopMeta['rng'][string];

/** The conditional DCGAN: trainer (trainer.ts), sampler (sampler.ts), networks (networks.ts). */
const model: ModelModule<CganRunConfig> = {
  createTrainer: createCganTrainer,
  loadSampler: loadCganSampler,
  /** A `state-meta.json` written before the one training loop: the cGAN's own flat layout. */
  upgradeMeta(old) {
    const o = old as { step: number; adamStepG: number; adamStepD: number; augment: boolean; epoch: number; cursor: number; order: number[];
      rng: { data: RngSnap; noise: RngSnap; aug: RngSnap } };
    return {
      step: o.step,
      orders: { train: { rng: o.rng.data, epoch: o.epoch, cursor: o.cursor, order: o.order } },
      rng: { 2: o.rng.noise, 3: o.rng.aug },
      model: { adamStepG: o.adamStepG, adamStepD: o.adamStepD, augment: o.augment, step: o.step },
    };
  },
};
export default model;
