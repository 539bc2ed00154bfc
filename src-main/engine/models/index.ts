import type { CganRunConfig } from '../../shared/domain/run-config';
import { CGAN_DEFAULTS, CGAN_PRESETS } from '../../shared/domain/run-config';
import { cganArch, countParams, disposeParams, type CganArch, type Params } from './cgan-arch';
import { buildDiscriminator, buildGenerator, discriminate, generate } from './cgan-networks';
import { CYCLEGAN_MODEL } from './cyclegan-model';
import type { CycleganArch } from './cyclegan-networks';
import type { BuiltModel, ModelDef } from './model-def';
import type { CycleganRunConfig } from '../../shared/domain/cyclegan-config';

export type { BuiltModel, ModelDef, ModelKind } from './model-def';

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
export const MODELS: { cgan: ModelDef<CganRunConfig, CganArch>; cyclegan: ModelDef<CycleganRunConfig, CycleganArch> } = {
  cgan: CGAN_MODEL,
  cyclegan: CYCLEGAN_MODEL,
};

export { cganArch, countParams, generate, discriminate, buildGenerator, buildDiscriminator, type CganArch, type Params };
