import { z } from 'zod';
import { adamBetaFields, channelsField, everyField, learningRateField, metricsEveryField, resolutionField, scheduleFields, widthField } from '../../../shared/models/common-fields';
import { field } from '../../../shared/models/config-fields';
import { CLASS_CONDITIONAL, type ModelSpec } from '../model-spec';

/** Image sides the diffusion model offers: its U-Net halves the side twice, so the side must be a multiple of 4. */
export const DIFFUSION_RESOLUTIONS = [28, 32, 64] as const;

/**
 * A class-conditional denoising diffusion model (DDPM, Ho et al. 2020; cosine schedule, Nichol & Dhariwal 2021)
 * sampled with DDIM (Song et al. 2021) and classifier-free guidance (Ho & Salimans 2022). On 100 Fashion-MNIST images
 * per class it keeps the variety of the real images where the cGAN draws one garment per class (docs/evaluation.md).
 */
export const DiffusionConfigSchema = z.object({
  resolution: resolutionField(DIFFUSION_RESOLUTIONS, 'Image side in px; the dataset is resized (centre crop) to it.'),
  channels: channelsField('1 (grey) or 3 (RGB): taken from the dataset.'),
  ...scheduleFields({
    steps: 'Training steps; one step = one denoising update on a batch of real images at random noise levels.',
    batch: 'Real images per step.',
    seed: 'Seed of data order, noise levels, noise and weight initialisation: the same seed repeats a run.',
  }, 512),
  width: widthField('Width', 'Filters of the U-Net\'s first level; the second has twice, the third four times as many.'),
  lr: learningRateField('Learning rate', 'Adam learning rate.'),
  ...adamBetaFields({ beta1: 'Adam β1.', beta2: 'Adam β2.' }),
  emaDecay: field(z.number().min(0).max(0.99999), {
    label: 'EMA decay', group: 'optimizer', flag: 'ema', help: 'Decay of the weights\' exponential moving average; samples use the EMA weights.' }),
  mirror: field(z.boolean(), {
    label: 'Mirror', group: 'augmentation', help: 'Also learn every real image flipped left-right: twice the images. Only for data whose classes survive a flip (clothes, animals; not digits or text).' }),
  uncondRate: field(z.number().min(0).max(1), {
    label: 'Unconditional share', group: 'loss', advanced: true, help: 'Share of training images shown without their class, so that one network also learns the unconditional model that guidance needs.' }),
  guidance: field(z.number().min(0).max(20), {
    label: 'Guidance', group: 'sampling', help: 'Classifier-free guidance weight at sampling: 1 = the conditional model as trained; more = more typical of the class, less varied.' }),
  sampleSteps: field(z.number().int().min(2).max(1000), {
    label: 'Sampling steps', group: 'sampling', help: 'DDIM denoising steps per sample: each is one U-Net pass (two with guidance).' }),
  checkpointEvery: everyField('Checkpoint every', 'A full checkpoint (every tensor, optimizer moments, RNG) every this many steps, and on stop.'),
  sampleEvery: everyField('Sample grid every', 'A sample grid (fixed noise × every class) every this many steps.'),
  samplesPerClass: field(z.number().int().min(1).max(32), {
    label: 'Grid columns', group: 'schedule', advanced: true, help: 'Columns of the sample grid: fixed noise per class.' }),
  metricsEvery: metricsEveryField(),
});
export type DiffusionRunConfig = z.infer<typeof DiffusionConfigSchema>;

export const DIFFUSION_DEFAULTS: DiffusionRunConfig = {
  resolution: 28, channels: 1, steps: 2400, batch: 64, seed: 0, width: 16, lr: 3e-4, beta1: 0.9, beta2: 0.999, emaDecay: 0.999,
  mirror: false, uncondRate: 0.1, guidance: 1.5, sampleSteps: 10,
  checkpointEvery: 300, sampleEvery: 200, samplesPerClass: 8, metricsEvery: 5,
};

export const diffusionSpec: ModelSpec<DiffusionRunConfig> = {
  kind: 'diffusion',
  title: 'Conditional diffusion (DDPM)',
  summary: 'Learns every class of a labeled dataset by denoising; slower to sample than a GAN, but its samples keep the variety of the real images.',
  schema: DiffusionConfigSchema,
  defaults: DIFFUSION_DEFAULTS,
  presets: {
    quick: { label: 'Quick look', summary: 'a few minutes at 28 px on a 2-core CPU: blurry shapes, is the data usable?',
      values: { steps: 300, width: 8, sampleEvery: 100, checkpointEvery: 100, emaDecay: 0.99 } },
    // lr 1e-3: on 100 Fashion-MNIST images per class, 2,400 steps reach a lower loss than at 3e-4 (0.084 against
    // 0.094 at step 2,000), with cleaner samples and better CAS, precision and recall (docs/evaluation.md).
    balanced: { label: 'Balanced', summary: 'about 30 minutes at 28 px on a 2-core CPU, minutes on a GPU',
      values: { steps: 2400, width: 16, lr: 1e-3, sampleSteps: 10, sampleEvery: 200, checkpointEvery: 300, emaDecay: 0.999 } },
    best: { label: 'Best quality', summary: 'long: for a GPU or an overnight run',
      values: { steps: 20_000, width: 32, sampleSteps: 25, sampleEvery: 1000, checkpointEvery: 1000, emaDecay: 0.9995 } },
  },
  resolutions: DIFFUSION_RESOLUTIONS,
  ...CLASS_CONDITIONAL,
  charts: [{ title: 'Denoising loss', series: [{ key: 'loss', label: 'noise MSE' }] }],
  preview: { title: 'Sample grid (rows: classes, columns: fixed noise, EMA weights)', rows: 'classes', columns: null },
  // No `health`: without a discriminator the D-winning and oscillation checks have nothing to read (its step reports
  // only `loss`); the collapse check judges its sample grids as any generator's.
  load: () => import('./model').then((m) => m.default),
};
