import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../../shared/api/errors';
import type { WorkloadDef, WorkloadSession } from './bench-types';
import { GALLERY_WORKLOAD } from './gallery-workload';
import { GENERATE_WORKLOADS } from './generate-workloads';
import { IMPORT_WORKLOADS } from './import-workloads';
import { CGAN28, CGAN64, type CganConfig } from './networks/cgan';
import { buildCganTrainer, cganTrainStep, randomCganBatch } from './networks/cgan-step';
import { CYCLEGAN64, type CycleGanConfig } from './networks/cyclegan';
import { buildCycleGanTrainer, cycleGanTrainStep } from './networks/cyclegan-step';
import { TRAIN_RSS_WORKLOAD } from './train-rss';
import { EVALUATE5K_WORKLOAD } from '../evaluation/bench-evaluate';

/** cGAN training: a fresh random batch every step, as torch_reference.py does. */
function cganSession(cfg: CganConfig, batch: number): WorkloadSession {
  const trainer = buildCganTrainer(cfg);
  return {
    step() {
      const { real, labels } = randomCganBatch(cfg, batch);
      cganTrainStep(trainer, real, labels);
      real.dispose();
      labels.dispose();
    },
    dispose: () => trainer.dispose(),
  };
}

function cycleGanSession(cfg: CycleGanConfig): WorkloadSession {
  const trainer = buildCycleGanTrainer(cfg);
  const shape: [number, number, number, number] = [1, cfg.size, cfg.size, cfg.channels];
  return {
    step() {
      const a = tf.randomUniform(shape, -1, 1) as tf.Tensor4D, b = tf.randomUniform(shape, -1, 1) as tf.Tensor4D;
      cycleGanTrainStep(trainer, a, b);
      a.dispose();
      b.dispose();
    },
    dispose: () => trainer.dispose(),
  };
}

/**
 * The benchmark workloads by name (CONTRACT.md). GFLOP figures are bench/README.md's per-step counts.
 * Memory and UI workloads (train-rss, gallery100k) come last: they take minutes.
 */
export const WORKLOADS: Record<string, WorkloadDef> = {
  cgan28: {
    description: 'conditional DCGAN 28×28×1, batch 64: one D + one G update',
    imagesPerStep: 64, gflopPerStep: 11, torchName: 'cgan28', steps: 10, warmup: 2, ownProcess: true,
    setup: () => cganSession(CGAN28, 64),
  },
  cgan64: {
    description: 'conditional DCGAN 64×64×3, batch 64: one D + one G update',
    imagesPerStep: 64, gflopPerStep: 110, torchName: 'cgan64', steps: 5, warmup: 1, ownProcess: true,
    setup: () => cganSession(CGAN64, 64),
  },
  cyclegan64: {
    description: 'CycleGAN 64×64×3 (ResNet generators, PatchGAN), batch 1: G update then D update',
    imagesPerStep: 1, gflopPerStep: 14.5, torchName: 'cyclegan64', steps: 10, warmup: 2, ownProcess: true,
    setup: () => cycleGanSession(CYCLEGAN64),
  },
  ...IMPORT_WORKLOADS,
  ...GENERATE_WORKLOADS,
  'train-rss': TRAIN_RSS_WORKLOAD,
  gallery100k: GALLERY_WORKLOAD,
  evaluate5k: EVALUATE5K_WORKLOAD,
};

/** The definitions for `names` (all registered when empty); unknown names fail with the list of known ones. */
export function selectWorkloads(names: string[]): Array<[string, WorkloadDef]> {
  const known = Object.keys(WORKLOADS);
  const chosen = names.length ? names : known;
  const unknown = chosen.filter((n) => !(n in WORKLOADS));
  if (unknown.length) {
    throw new ApiError('bad_input', `unknown bench workload${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `'${n}'`).join(', ')}: known ones are ${known.join(', ')}`);
  }
  return chosen.map((n) => [n, WORKLOADS[n]!]);
}
