import type * as tfType from '@tensorflow/tfjs';
import type { Batch, RoleImages } from '../models/model';
import type { BaseRunConfig } from '../models/model-spec';
import { mustFindModel } from '../models/registry';
import { RngStreams } from '../training/rng-streams';

/** What one probe of a model's training step measured on this machine's backend. */
export interface StepMeasure {
  /** The first step: graph set-up, kernel compilation, first allocations (paid once per run). */
  firstStepMs: number;
  /** The median of the timed steps after it. */
  msPerStep: number;
  /** One preview (the sample grid a run draws every `sampleEvery` steps). */
  previewMs: number;
  steps: number;
}

/**
 * Builds the model's real trainer (as the bench does, from the registry) for `cfg` on random images of its shape,
 * and times its production step: one first step, then `steps` more, then one preview. Runs in a short-lived worker
 * process, so it never waits behind a training job and leaves no tensors behind.
 */
export async function measureSteps(tf: typeof tfType, kind: string, cfg: BaseRunConfig, classes: number, steps: number): Promise<StepMeasure> {
  const spec = mustFindModel(kind);
  const model = await spec.load();
  const roles = spec.datasets.map((r) => r.role);
  const classNames = Array.from({ length: Math.max(1, classes) }, (_, i) => `class${i}`);
  const side = cfg.resolution;
  // A dataset of one image per class stands in (the step reads only its batches; previews read nothing of it).
  const data: Record<string, RoleImages> = Object.fromEntries(roles.map((r) => [r, {
    images: new Uint8Array(classNames.length * side * side * cfg.channels), labels: classNames.map((_, i) => i), count: classNames.length,
    resolution: side, channels: cfg.channels, classNames,
  }]));
  const streams = new RngStreams(cfg.seed);
  const trainer = model.createTrainer({ cfg: cfg as never, data, classNames: spec.inference === 'generate' ? classNames : [], rng: (n) => streams.get(n) });
  const batches = (): Record<string, Batch> => Object.fromEntries(roles.map((r) => [r, {
    x: tf.randomUniform([cfg.batch, side, side, cfg.channels], -1, 1) as tfType.Tensor4D,
    labels: tf.randomUniform([cfg.batch], 0, classNames.length, 'int32') as tfType.Tensor1D,
  }]));
  const timed = async (): Promise<number> => {
    const b = batches();
    const t0 = performance.now();
    try {
      await trainer.step(b);
    } finally {
      tf.dispose(Object.values(b).flatMap((x) => [x.x, x.labels]));
    }
    return performance.now() - t0;
  };
  try {
    const firstStepMs = await timed();
    const times: number[] = [];
    for (let i = 0; i < steps; i++) times.push(await timed());
    times.sort((a, b) => a - b);
    const t0 = performance.now();
    await trainer.preview();
    const previewMs = performance.now() - t0;
    return { firstStepMs, msPerStep: times[Math.floor(times.length / 2)] ?? firstStepMs, previewMs, steps };
  } finally {
    trainer.dispose();
  }
}
