import type { LoopMeta, ModelModule } from '../model';
import type { CycleganRunConfig } from './spec';
import { createCycleganTrainer } from './trainer';
import { loadCycleganTranslator } from './translator';

type RngSnap = LoopMeta['rng'][string];
type OrderSnap = LoopMeta['orders'][string];

/** CycleGAN: trainer (trainer.ts), translator (translator.ts), networks (networks.ts). */
const model: ModelModule<CycleganRunConfig> = {
  createTrainer: createCycleganTrainer,
  loadTranslator: loadCycleganTranslator,
  /** A `state-meta.json` written before the one training loop. */
  upgradeMeta(old) {
    const o = old as { step: number; adamStepG: number; adamStepD: number; orderA: OrderSnap; orderB: OrderSnap; rngAug: RngSnap; rngPool: RngSnap;
      poolCount: { a: number; b: number } };
    return {
      step: o.step,
      orders: { a: o.orderA, b: o.orderB },
      rng: { 3: o.rngAug, 6: o.rngPool },
      model: { adamStepG: o.adamStepG, adamStepD: o.adamStepD, poolCount: o.poolCount, step: o.step },
    };
  },
};
export default model;
