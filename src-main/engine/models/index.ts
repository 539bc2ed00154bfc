import type { CganRunConfig, PresetName } from '../../shared/domain/run-config';
import { CGAN_DEFAULTS, CGAN_PRESETS } from '../../shared/domain/run-config';
import { cganArch, countParams, disposeParams, type CganArch, type Params } from './cgan-arch';
import { buildDiscriminator, buildGenerator, discriminate, generate } from './cgan-networks';

export type ModelKind = 'cgan';

/** The networks of a model, built from a run config. */
export interface BuiltModel<A> {
  arch: A;
  nets: Record<string, Params>;
  dispose(): void;
}

/**
 * One model family. Adding a model = one file with its builders plus one entry here
 * (pytorch-CycleGAN-and-pix2pix's `loss_names` / `visual_names`).
 */
export interface ModelDef<C, A> {
  kind: ModelKind;
  /** Shown in the UI. */
  title: string;
  defaults: C;
  presets: Record<PresetName, Partial<C>>;
  /** Builds every network, seeded; `classes` from the dataset. */
  build(cfg: C, classes: number): BuiltModel<A>;
  /** Scalars a training step reports (live charts, metrics history). */
  lossNames: readonly string[];
  /** Images a run keeps as it trains. */
  sampleNames: readonly string[];
}

export function buildCgan(cfg: CganRunConfig, classes: number): BuiltModel<CganArch> {
  const arch = cganArch({ ...cfg, classes });
  const g = buildGenerator(arch, cfg.seed);
  const d = buildDiscriminator(arch, cfg.seed);
  return { arch, nets: { g, d }, dispose: () => [g, d].forEach(disposeParams) };
}

export const CGAN_MODEL: ModelDef<CganRunConfig, CganArch> = {
  kind: 'cgan',
  title: 'Conditional DCGAN',
  defaults: CGAN_DEFAULTS,
  presets: CGAN_PRESETS,
  build: buildCgan,
  lossNames: ['lossD', 'lossG', 'dReal', 'dFake', 'gradNormD', 'gradNormG'],
  sampleNames: ['grid'],
};

/** Model kind → its definition. */
export const MODELS: Record<ModelKind, ModelDef<CganRunConfig, CganArch>> = { cgan: CGAN_MODEL };

export { cganArch, countParams, generate, discriminate, buildGenerator, buildDiscriminator, type CganArch, type Params };
