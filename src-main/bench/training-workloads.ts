import * as tf from '@tensorflow/tfjs';
import type { Batch, RoleImages, Trainer } from '../engine/models/model';
import type { BaseRunConfig } from '../engine/models/model-spec';
import { mustFindModel } from '../engine/models/registry';
import { RngStreams } from '../engine/training/rng-streams';
import type { WorkloadDef, WorkloadSession } from './bench-types';

/**
 * The training workloads, built from the model registry and run through each model's production step, with the
 * networks of ../shared/bench/README.md: cgan28/cgan64 are the cGAN with the label-channel D head at width 64
 * (z 100, embedding 50, bce), cyclegan64 the CycleGAN `quick` network (ngf 32, 3 blocks, ndf 64, patch38);
 * diffusion28 is the diffusion model's `balanced` U-Net, which the reference does not have. What
 * the reference leaves out is off: EMA and gradient norms (`lean`), augmentation, jitter, flip and history pools.
 * Every step gets a fresh random batch, as torch_reference.py does.
 */

/** Uniform random images in [-1, 1] and uniform labels for each of the model's dataset roles. */
function randomBatches(roles: string[], batch: number, side: number, channels: number, classes: number): Record<string, Batch> {
  return Object.fromEntries(roles.map((r) => [r, {
    x: tf.randomUniform([batch, side, side, channels], -1, 1) as tf.Tensor4D,
    labels: tf.randomUniform([batch], 0, classes, 'int32') as tf.Tensor1D,
  }]));
}

async function trainingSession(kind: string, overrides: Record<string, unknown>, classes: number): Promise<WorkloadSession> {
  const spec = mustFindModel(kind);
  const model = await spec.load();
  const cfg = spec.schema.parse({ ...spec.defaults, ...overrides }) as unknown as BaseRunConfig;
  const roles = spec.datasets.map((r) => r.role);
  const classNames = Array.from({ length: classes }, (_, i) => `class${i}`);
  // The step reads only the batches; the data stand in for the dataset the loop would hold (previews are not timed).
  const data: Record<string, RoleImages> = Object.fromEntries(roles.map((r) => [r, {
    images: new Uint8Array(cfg.resolution * cfg.resolution * cfg.channels), labels: [0], count: 1, resolution: cfg.resolution,
    channels: cfg.channels, classNames,
  }]));
  const streams = new RngStreams(cfg.seed);
  const trainer: Trainer = model.createTrainer({ cfg: cfg as never, data, classNames, rng: (n) => streams.get(n), lean: true });
  return {
    async step() {
      const batches = randomBatches(roles, cfg.batch, cfg.resolution, cfg.channels, classes);
      try {
        await trainer.step(batches);
      } finally {
        tf.dispose(Object.values(batches).flatMap((b) => [b.x, b.labels]));
      }
    },
    dispose: () => trainer.dispose(),
  };
}

const CGAN_BENCH = { width: 64, zDim: 100, embDim: 50, dHead: 'label-channel', loss: 'bce', batch: 64, diffAugment: 'off' };

export const TRAINING_WORKLOADS: Record<string, WorkloadDef> = {
  cgan28: {
    description: 'conditional DCGAN 28×28×1, batch 64: one D + one G update',
    imagesPerStep: 64, gflopPerStep: 11, torchName: 'cgan28', steps: 10, warmup: 2, ownProcess: true,
    setup: () => trainingSession('cgan', { ...CGAN_BENCH, resolution: 28, channels: 1 }, 10),
  },
  cgan64: {
    description: 'conditional DCGAN 64×64×3, batch 64: one D + one G update',
    imagesPerStep: 64, gflopPerStep: 110, torchName: 'cgan64', steps: 5, warmup: 1, ownProcess: true,
    setup: () => trainingSession('cgan', { ...CGAN_BENCH, resolution: 64, channels: 3 }, 10),
  },
  cyclegan64: {
    description: 'CycleGAN 64×64×3 (ResNet generators, PatchGAN), batch 1: G update then D update',
    imagesPerStep: 1, gflopPerStep: 14.5, torchName: 'cyclegan64', steps: 10, warmup: 2, ownProcess: true,
    setup: () => trainingSession('cyclegan', {
      ...mustFindModel('cyclegan').presets.quick!.values, channels: 3, batch: 1, poolSize: 0, jitterScale: 1, flip: false, decayStart: 1,
    }, 1),
  },
  diffusion28: {
    // No PyTorch reference in ../shared/bench: `--vs-torch` says so on its line.
    description: 'conditional diffusion U-Net 28×28×1 of the balanced preset (width 16), batch 64: one denoising update',
    imagesPerStep: 64, steps: 10, warmup: 2, ownProcess: true,
    setup: () => trainingSession('diffusion', { ...mustFindModel('diffusion').presets.balanced!.values, resolution: 28, channels: 1, batch: 64 }, 10),
  },
};
