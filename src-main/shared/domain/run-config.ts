import { z } from 'zod';

/** Image sides the conditional DCGAN offers. */
export const CGAN_RESOLUTIONS = [28, 32, 64, 128] as const;
export type CganResolution = (typeof CGAN_RESOLUTIONS)[number];

export const PRESET_NAMES = ['quick', 'balanced', 'best'] as const;
export const PresetNameSchema = z.enum(PRESET_NAMES);
export type PresetName = z.infer<typeof PresetNameSchema>;
/** What the UI shows for each preset. */
export const PRESET_LABELS: Record<PresetName, string> = { quick: 'Quick look', balanced: 'Balanced', best: 'Best quality' };

export const GAN_LOSSES = ['bce', 'hinge', 'lsgan'] as const;
export const D_HEADS = ['projection', 'label-channel'] as const;
export const DIFF_AUGMENT_MODES = ['auto', 'on', 'off'] as const;
export const AUGMENTS = ['translation', 'cutout', 'color'] as const;

/**
 * One cGAN run, fully resolved. Every field has its default in `CGAN_DEFAULTS`; a preset changes a few, an
 * explicit flag wins over both. Stored with the run (DB row and `config.json` beside the checkpoints).
 */
export const CganConfigSchema = z.object({
  /** Image side in px; the dataset is resized (centre crop) to it. */
  resolution: z.union([z.literal(28), z.literal(32), z.literal(64), z.literal(128)]),
  /** 1 (grey) or 3 (RGB): taken from the dataset (3 as soon as one image has colour). */
  channels: z.union([z.literal(1), z.literal(3)]),
  /** Base width: D's first conv has this many filters, G's last hidden layer too; deeper layers double it. */
  width: z.number().int().min(4).max(256),
  /** Noise vector length. */
  zDim: z.number().int().min(1).max(512),
  /** Class embedding length of the generator (and of D's label channel). */
  embDim: z.number().int().min(1).max(512),
  /** How D sees the class: projection (Miyato & Koyama 2018) or the benchmark's extra label channel. */
  dHead: z.enum(D_HEADS),
  /** 'bce' = non-saturating (G maximises log D(G(z))); 'hinge'; 'lsgan' = least squares. */
  loss: z.enum(GAN_LOSSES),
  /** Training steps; one step = one D update then one G update. */
  steps: z.number().int().min(1).max(10_000_000),
  /** Images per step (real and fake each). */
  batch: z.number().int().min(1).max(1024),
  /** Adam learning rates of G and D (two time-scale: D may learn faster). */
  lrG: z.number().positive().max(1),
  lrD: z.number().positive().max(1),
  /** Adam β1, β2 (DCGAN: 0.5, 0.999). */
  beta1: z.number().min(0).max(0.9999),
  beta2: z.number().min(0).max(0.99999),
  /** One-sided label smoothing: D's target for real images is 1 − this (bce only). 0 = off. */
  labelSmoothing: z.number().min(0).max(0.5),
  /** DiffAugment (Zhao et al. 2020) on real and fake alike: 'auto' = on below `augmentBelow` training images. */
  diffAugment: z.enum(DIFF_AUGMENT_MODES),
  augmentBelow: z.number().int().nonnegative(),
  /** Which DiffAugment transforms run, in this order. */
  augmentPolicy: z.array(z.enum(AUGMENTS)),
  /** Decay of the generator's exponential moving average (sampling uses the EMA weights). */
  emaDecay: z.number().min(0).max(0.99999),
  /** Full checkpoint (every tensor, optimizer moments, RNG) every this many steps, and on stop. */
  checkpointEvery: z.number().int().min(1),
  /** Sample grid (fixed noise × every class) every this many steps. */
  sampleEvery: z.number().int().min(1),
  /** Columns of the sample grid: fixed noise vectors per class. */
  samplesPerClass: z.number().int().min(1).max(32),
  /** Metrics kept for the charts every this many steps. */
  metricsEvery: z.number().int().min(1),
  /** Seed of data order, noise, augmentation and weight initialisation. */
  seed: z.number().int().min(0).max(2 ** 31 - 1),
});
export type CganRunConfig = z.infer<typeof CganConfigSchema>;

/** The defaults: what a run gets when neither a preset nor a flag says otherwise. */
export const CGAN_DEFAULTS: CganRunConfig = {
  resolution: 64,
  channels: 3,
  width: 64,
  zDim: 100,
  embDim: 50,
  dHead: 'projection',
  loss: 'bce',
  steps: 2000,
  batch: 64,
  lrG: 2e-4,
  lrD: 2e-4,
  beta1: 0.5,
  beta2: 0.999,
  labelSmoothing: 0,
  diffAugment: 'auto',
  augmentBelow: 10_000,
  augmentPolicy: ['translation', 'cutout', 'color'],
  emaDecay: 0.999,
  checkpointEvery: 200,
  sampleEvery: 100,
  samplesPerClass: 8,
  metricsEvery: 5,
  seed: 0,
};

/**
 * Presets. `balanced` is sized so a 28×28 run fits 30 minutes on the 2-core wasm build machine: measured
 * ~0.65–0.77 s/step at batch 64, width 48 (wasm, 1 thread), so 1800 steps ≈ 20–23 min. On Fashion-MNIST's
 * 100-per-class sample its EMA samples were classified as their class 90% (step 1750) / 95% (step 2000) of the
 * time by scripts/check-cgan-quality.ts. `quick`: ~0.2 s/step, 300 steps ≈ 1 min.
 */
export const CGAN_PRESETS: Record<PresetName, Partial<CganRunConfig>> = {
  quick: { steps: 300, batch: 32, width: 32, sampleEvery: 50, checkpointEvery: 100, emaDecay: 0.99 },
  balanced: { steps: 1800, batch: 64, width: 48, sampleEvery: 100, checkpointEvery: 300, emaDecay: 0.995 },
  best: { steps: 20_000, batch: 64, width: 64, sampleEvery: 500, checkpointEvery: 1000, emaDecay: 0.999 },
};

/** What a caller may set: any field, each optional, plus a preset. Unknown keys are refused. */
export const CganConfigInputSchema = CganConfigSchema.partial().extend({
  // Checked by the service, which names the offered sizes (the schema's union would only say "invalid").
  resolution: z.number().int().positive().optional(),
}).strict();
export type CganConfigInput = z.infer<typeof CganConfigInputSchema>;

/** Field → its value, for every field that differs from `CGAN_DEFAULTS`. */
export function diffFromDefaults(config: CganRunConfig): Partial<CganRunConfig> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(CGAN_DEFAULTS) as (keyof CganRunConfig)[]) {
    if (JSON.stringify(config[key]) !== JSON.stringify(CGAN_DEFAULTS[key])) out[key] = config[key];
  }
  return out as Partial<CganRunConfig>;
}

/** defaults ← preset ← explicit fields (an explicit flag always wins). */
export function resolveCganConfig(preset: PresetName | undefined, explicit: CganConfigInput | Partial<CganRunConfig>): CganRunConfig {
  const defined = Object.fromEntries(Object.entries(explicit).filter(([, v]) => v !== undefined));
  return CganConfigSchema.parse({ ...CGAN_DEFAULTS, ...(preset ? CGAN_PRESETS[preset] : {}), ...defined });
}
