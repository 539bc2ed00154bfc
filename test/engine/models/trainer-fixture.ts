import * as tf from '@tensorflow/tfjs';
import type { Batch, RoleImages, TrainSetup } from '../../../src-main/engine/models/model';
import type { BaseRunConfig, ModelSpec } from '../../../src-main/engine/models/model-spec';
import { RngStreams } from '../../../src-main/engine/training/rng-streams';

/** `count` random uint8 images R×R×C, as a training cache gives them (a fixed LCG: the same every run). */
export function randomImages(count: number, side: number, channels: 1 | 3, seed: number): Uint8Array {
  const out = new Uint8Array(count * side * side * channels);
  let x = seed;
  for (let i = 0; i < out.length; i++) out[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return out;
}

/** One role's images: `count` random images, labels cycling over `classes`. */
export function roleImages(count: number, side: number, channels: 1 | 3, classes: number, seed: number): RoleImages {
  return {
    images: randomImages(count, side, channels, seed), labels: Array.from({ length: count }, (_, i) => i % classes), count, resolution: side,
    channels, classNames: Array.from({ length: classes }, (_, i) => `class${i}`),
  };
}

/**
 * What the training loop hands a model's `createTrainer`: the config parsed by the model's own schema over its
 * defaults (so a test gives only what it changes), the data by role, and seeded RNG streams.
 */
export function trainSetup<C extends BaseRunConfig>(spec: ModelSpec<C>, overrides: Partial<C>, data: Record<string, RoleImages>,
  o: { classNames?: string[]; lean?: boolean } = {}): TrainSetup<C> {
  const cfg = spec.schema.parse({ ...spec.defaults, ...overrides }) as unknown as C;
  const streams = new RngStreams(cfg.seed);
  return { cfg, data, classNames: o.classNames ?? [], rng: (n) => streams.get(n), ...(o.lean ? { lean: true } : {}) };
}

/** A batch of one role as the loop makes it: images in [-1, 1] (seeded) and the given labels. Caller disposes. */
export function randomBatch(B: number, side: number, channels: 1 | 3, labels: number[], seed: number): Batch {
  return { x: tf.randomUniform([B, side, side, channels], -1, 1, 'float32', seed) as tf.Tensor4D, labels: tf.tensor1d(labels, 'int32') };
}

/** The values of a tensor, copied. */
export const valuesOf = async (t: tf.Tensor): Promise<number[]> => Array.from(await t.data());
