import { z } from 'zod';
import type { PresetName } from './run-config';

/** Image sides CycleGAN offers (32 is for quick tests and tiny domains). */
export const CYCLEGAN_RESOLUTIONS = [32, 64, 128, 256] as const;
export const CYCLEGAN_DISCRIMINATORS = ['patch70', 'patch38'] as const;

/**
 * One CycleGAN run (Zhu et al. 2017), fully resolved. Defaults in `CYCLEGAN_DEFAULTS`; a preset changes a few,
 * an explicit flag wins over both. Stored with the run like the cGAN's config. Field names shared with the cGAN
 * config (resolution, channels, width, steps, batch, lrG, lrD, beta1, beta2, the *Every fields, seed) mean the same.
 */
export const CycleganConfigSchema = z.object({
  /** Image side in px; both domains are resized (centre crop) to it. */
  resolution: z.union([z.literal(32), z.literal(64), z.literal(128), z.literal(256)]),
  /** 3 as soon as either domain has colour: a grey domain is then converted to RGB (grey in all three channels). */
  channels: z.union([z.literal(1), z.literal(3)]),
  /** Generator base width (ngf): the stem's filters; the two downsamplings double it twice. */
  width: z.number().int().min(4).max(256),
  /** Discriminator base width (ndf). */
  discWidth: z.number().int().min(4).max(256),
  /** Residual blocks of each generator: 0 = by resolution (6 at ≤ 128 px, 9 at 256 px). */
  resBlocks: z.number().int().min(0).max(16),
  /** 'patch70' = the paper's 70×70 PatchGAN; 'patch38' = the benchmark's shallower one (bench cyclegan64). */
  discriminator: z.enum(CYCLEGAN_DISCRIMINATORS),
  /** Training steps; one step = one update of both generators, then of both discriminators. */
  steps: z.number().int().min(1).max(10_000_000),
  /** Images per domain per step (the paper: 1). */
  batch: z.number().int().min(1).max(64),
  /** Adam learning rates (generators, discriminators) and betas. */
  lrG: z.number().positive().max(1),
  lrD: z.number().positive().max(1),
  beta1: z.number().min(0).max(0.9999),
  beta2: z.number().min(0).max(0.99999),
  /** Fraction of the steps at constant learning rate; it then decays linearly to zero at the last step. */
  decayStart: z.number().min(0).max(1),
  /** Weight λ of the cycle-consistency L1 loss. */
  lambdaCycle: z.number().min(0).max(1000),
  /** Identity L1 loss weight as a fraction of λ (the paper: 0.5, i.e. 5). */
  lambdaIdentity: z.number().min(0).max(10),
  /** Generated images each discriminator's history pool keeps (0 = D sees only the newest fakes). */
  poolSize: z.number().int().min(0).max(1000),
  /** Random jitter: upscale to resolution · this (the paper: 286/256) and crop back at a random place. 1 = off. */
  jitterScale: z.number().min(1).max(2),
  /** Random horizontal flip of training images. */
  flip: z.boolean(),
  /** Full checkpoint every this many steps, and on stop. */
  checkpointEvery: z.number().int().min(1),
  /** Sample panel (real → translated → reconstructed, both ways) every this many steps. */
  sampleEvery: z.number().int().min(1),
  /** Rows of the sample panel (fixed images of each domain). */
  samplesPerPanel: z.number().int().min(1).max(16),
  /** Metrics kept for the charts every this many steps. */
  metricsEvery: z.number().int().min(1),
  /** Seed of data order, jitter, pools and weight initialisation. */
  seed: z.number().int().min(0).max(2 ** 31 - 1),
});
export type CycleganRunConfig = z.infer<typeof CycleganConfigSchema>;

export const CYCLEGAN_DEFAULTS: CycleganRunConfig = {
  resolution: 128, channels: 3, width: 64, discWidth: 64, resBlocks: 0, discriminator: 'patch70',
  steps: 20_000, batch: 1, lrG: 2e-4, lrD: 2e-4, beta1: 0.5, beta2: 0.999, decayStart: 0.5,
  lambdaCycle: 10, lambdaIdentity: 0.5, poolSize: 50, jitterScale: 286 / 256, flip: true,
  checkpointEvery: 1000, sampleEvery: 200, samplesPerPanel: 4, metricsEvery: 10, seed: 0,
};

/**
 * `quick` is the benchmark network (bench/README.md cyclegan64: ngf 32, 3 blocks, ndf 64, PatchGAN of 3 strided
 * convs + k3 head) at 64 px, sized for CPUs: measured 1.2–1.9 s/step (median 1.85 s, batch 1, wasm, 1 thread, on
 * the shared 2-core build machine), so 900 steps ≈ 20–28 min.
 */
export const CYCLEGAN_PRESETS: Record<PresetName, Partial<CycleganRunConfig>> = {
  quick: { resolution: 64, width: 32, resBlocks: 3, discWidth: 64, discriminator: 'patch38', steps: 900, sampleEvery: 100, checkpointEvery: 150 },
  balanced: { resolution: 128, width: 48, resBlocks: 6, steps: 10_000, sampleEvery: 200, checkpointEvery: 1000 },
  best: { resolution: 256, width: 64, resBlocks: 9, steps: 100_000, sampleEvery: 1000, checkpointEvery: 5000 },
};

/** What a caller may set: any field, each optional. Unknown keys are refused. */
export const CycleganConfigInputSchema = CycleganConfigSchema.partial().extend({
  resolution: z.number().int().positive().optional(),
}).strict();
export type CycleganConfigInput = z.infer<typeof CycleganConfigInputSchema>;

/** Field → value for every field that differs from `CYCLEGAN_DEFAULTS`. */
export function cycleganDiffFromDefaults(config: CycleganRunConfig): Partial<CycleganRunConfig> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(CYCLEGAN_DEFAULTS) as (keyof CycleganRunConfig)[]) {
    if (JSON.stringify(config[key]) !== JSON.stringify(CYCLEGAN_DEFAULTS[key])) out[key] = config[key];
  }
  return out as Partial<CycleganRunConfig>;
}

/** defaults ← preset ← explicit fields. */
export function resolveCycleganConfig(preset: PresetName | undefined, explicit: CycleganConfigInput | Partial<CycleganRunConfig>): CycleganRunConfig {
  const defined = Object.fromEntries(Object.entries(explicit).filter(([, v]) => v !== undefined));
  return CycleganConfigSchema.parse({ ...CYCLEGAN_DEFAULTS, ...(preset ? CYCLEGAN_PRESETS[preset] : {}), ...defined });
}

/** Residual blocks actually built: the config's, or 6 up to 128 px and 9 at 256 px. */
export const cycleganResBlocks = (c: Pick<CycleganRunConfig, 'resBlocks' | 'resolution'>): number =>
  c.resBlocks > 0 ? c.resBlocks : c.resolution >= 256 ? 9 : 6;

/**
 * Learning-rate factor of the update that makes step `step` (1-based): 1 up to `decayStart · steps`, then linear
 * down to 0 (the last step's update gets 1/(decay steps + 1), nothing after it). A pure function of the step, so a
 * resumed run follows the same schedule.
 */
export function lrFactor(step: number, steps: number, decayStart: number): number {
  const start = Math.floor(steps * decayStart);
  if (step <= start) return 1;
  return Math.max(0, (steps - step + 1) / (steps - start + 1));
}
