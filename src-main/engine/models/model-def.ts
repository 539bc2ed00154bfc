import type { PresetName } from '../../shared/domain/run-config';
import type { RunKind } from '../../shared/domain/run';
import type { Params } from './cgan-arch';

export type ModelKind = RunKind;

/** The networks of a model, built from a run config. */
export interface BuiltModel<A> {
  arch: A;
  nets: Record<string, Params>;
  dispose(): void;
}

/**
 * One model family. Adding a model = one file with its builders plus one entry in MODELS
 * (pytorch-CycleGAN-and-pix2pix's `loss_names` / `visual_names`).
 */
export interface ModelDef<C, A> {
  kind: ModelKind;
  /** Shown in the UI. */
  title: string;
  defaults: C;
  presets: Record<PresetName, Partial<C>>;
  /** Builds every network, seeded; `classes` from the dataset (ignored by unconditional models). */
  build(cfg: C, classes: number): BuiltModel<A>;
  /** Scalars a training step reports (live charts, metrics history). */
  lossNames: readonly string[];
  /** Images a run keeps as it trains. */
  sampleNames: readonly string[];
}
