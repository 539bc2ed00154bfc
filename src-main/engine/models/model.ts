import type * as tf from '@tensorflow/tfjs';
import type { Rng } from '../training/rng';
import type { BaseRunConfig } from './model-spec';

/**
 * The plug-in side of a model (models/<kind>/model.ts): networks, one training step, the checkpoint's parts, the
 * images it keeps while training, and its inference. The one training loop (training/train-loop.ts) owns data
 * order, RNG streams, cadence, health, checkpoints, resume, stop and the NaN guard, for every model.
 */

/** One dataset role's training split in memory: uint8 [N, R, R, C] and class indices (all 0 for a domain). */
export interface RoleImages {
  images: Uint8Array;
  labels: ArrayLike<number>;
  count: number;
  resolution: number;
  channels: 1 | 3;
  classNames: string[];
}

/** A batch of one role: images [B, R, R, C] in [-1, 1] and class indices int32 [B]. The loop disposes them. */
export interface Batch {
  x: tf.Tensor4D;
  labels: tf.Tensor1D;
}

export interface TrainSetup<C extends BaseRunConfig> {
  cfg: C;
  /** Role → its training images (the model's `datasets` roles). */
  data: Record<string, RoleImages>;
  /** Classes of the first role (conditional models); [] for domains. */
  classNames: string[];
  /** A seeded random stream the loop checkpoints and restores; each number is one stream, stable across versions. */
  rng(stream: number): Rng;
  /** The bench: skip what the benchmark networks leave out (EMA, gradient norms). */
  lean?: boolean;
}

/** Named tensors as a checkpoint stores them: weights (inference needs only these) and the rest of the state. */
export interface StateTensors {
  weights: Record<string, tf.Tensor>;
  state: Record<string, tf.Tensor>;
  /** Tensors made only for the checkpoint (not the model's own variables): the loop disposes them after writing. */
  temporary: tf.Tensor[];
}

/** Tensors read back from a checkpoint: name → shape and values. */
export type StoredTensors = Map<string, { shape: number[]; values: Float32Array }>;

/** Images a run keeps as it trains: [rows · cols, R, R, C] in [-1, 1], drawn as one grid. */
export interface Preview {
  pixels: Float32Array;
  rows: number;
  cols: number;
  /** Per image: its class (grids whose rows are classes, for the collapse check); null otherwise. */
  labels: Int32Array | null;
}

export interface Trainer {
  /** One optimisation step on a batch per role; returns the scalars it charts (`lossD`, `lossG`, `dFake` for health). */
  step(batches: Record<string, Batch>): Promise<Record<string, number>>;
  /** The state to checkpoint, by stable names, and plain values (optimizer step counts, …) for `state-meta.json`. */
  tensors(): StateTensors;
  meta(): Record<string, unknown>;
  /** Restores what `tensors()` and `meta()` saved (built for the same config and data). */
  restore(weights: StoredTensors, state: StoredTensors, meta: Record<string, unknown>): void;
  preview(): Promise<Preview>;
  /**
   * Samples of every class for the collapse check, more per class than a grid row (a steady mean over pairs), from
   * fixed noise of their own (training's draws are untouched). Without it the check judges the preview.
   */
  probe?(): Promise<Preview>;
  dispose(): void;
}

/** A conditional generator, ready to sample: noise [N, zDim] and classes [N] → images [N, R, R, C] in [-1, 1]. */
export interface Sampler {
  zDim: number;
  /** Images whose statistics the sampler's normalisation froze (the batch recipe records it); 1 where nothing is frozen. */
  bnReference: number;
  resolution: number;
  channels: 1 | 3;
  generate(z: Float32Array, labels: Int32Array): Promise<Float32Array>;
  dispose(): void;
}

/** A translator: images [N, R, R, C] in [-1, 1] of one domain → the other's, by direction name. */
export interface Translator {
  resolution: number;
  channels: 1 | 3;
  translate(x: Float32Array, n: number, direction: string): Promise<Float32Array>;
  dispose(): void;
}

/** What an older checkpoint's `state-meta.json` holds in today's form (the loop's parts and the model's own). */
export interface LoopMeta {
  step: number;
  orders: Record<string, { rng: ReturnType<Rng['getState']>; epoch: number; cursor: number; order: number[] }>;
  rng: Record<string, ReturnType<Rng['getState']>>;
  model: Record<string, unknown>;
}

export interface ModelModule<C extends BaseRunConfig> {
  createTrainer(setup: TrainSetup<C>): Trainer;
  /** Reads a checkpoint meta written before the one training loop (no `format` field). */
  upgradeMeta?(old: Record<string, unknown>): LoopMeta;
  /** Generating models: the sampler of a checkpoint's weights (`ema` or `raw`). */
  loadSampler?(cfg: C, classes: number, weights: StoredTensors, which: 'ema' | 'raw'): Sampler;
  /** Translating models. */
  loadTranslator?(cfg: C, weights: StoredTensors): Translator;
}
