import { CYCLEGAN_DEFAULTS, CYCLEGAN_PRESETS, type CycleganRunConfig } from '../../shared/domain/cyclegan-config';
import { CYCLEGAN_LOSS_NAMES } from '../../shared/domain/cyclegan-panel';
import { disposeParams } from './cgan-arch';
import { buildPatchDiscriminator, buildResnetGenerator, cycleganArch, type CycleganArch } from './cyclegan-networks';
import type { BuiltModel, ModelDef } from './model-def';

/** The step's losses, named in shared/ so the renderer can chart them. */
export { CYCLEGAN_LOSS_NAMES, type CycleganLossName } from '../../shared/domain/cyclegan-panel';

/** Both generators (gA2B: A→B, gB2A: B→A) and both discriminators (dA judges domain A, dB domain B), seeded. */
export function buildCyclegan(cfg: CycleganRunConfig): BuiltModel<CycleganArch> {
  const arch = cycleganArch(cfg);
  const nets = {
    gA2B: buildResnetGenerator(arch, cfg.seed, 'gA2B'),
    gB2A: buildResnetGenerator(arch, cfg.seed, 'gB2A'),
    dA: buildPatchDiscriminator(arch, cfg.seed, 'dA'),
    dB: buildPatchDiscriminator(arch, cfg.seed, 'dB'),
  };
  return { arch, nets, dispose: () => Object.values(nets).forEach(disposeParams) };
}

export const CYCLEGAN_MODEL: ModelDef<CycleganRunConfig, CycleganArch> = {
  kind: 'cyclegan',
  title: 'CycleGAN (unpaired translation)',
  defaults: CYCLEGAN_DEFAULTS,
  presets: CYCLEGAN_PRESETS,
  build: (cfg) => buildCyclegan(cfg),
  lossNames: CYCLEGAN_LOSS_NAMES,
  // one panel per sample step: rows of real A → fake B → rec A | real B → fake A → rec B
  sampleNames: ['panel'],
};
