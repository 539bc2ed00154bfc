import { z } from 'zod';
import { adamBetaFields, channelsField, everyField, learningRateField, metricsEveryField, resolutionField, scheduleFields, widthField } from '../../../shared/models/common-fields';
import { field } from '../../../shared/models/config-fields';
import type { ModelSpec } from '../model-spec';

/** Image sides CycleGAN offers (32 is for quick tests and tiny domains). */
export const CYCLEGAN_RESOLUTIONS = [32, 64, 128, 256] as const;
export const CYCLEGAN_DISCRIMINATORS = ['patch70', 'patch38'] as const;

/**
 * One CycleGAN run (Zhu et al. 2017), fully resolved. Field names shared with the cGAN's config (resolution,
 * channels, width, steps, batch, lrG, lrD, beta1, beta2, the *Every fields, seed) mean the same.
 */
export const CycleganConfigSchema = z.object({
  resolution: resolutionField(CYCLEGAN_RESOLUTIONS, 'Image side in px; both domains are resized (centre crop) to it.'),
  channels: channelsField('3 as soon as either domain has colour: a grey domain is then read as RGB.'),
  ...scheduleFields({
    steps: 'Training steps; one step = one update of both generators, then of both discriminators.',
    batch: 'Images per domain per step (the paper: 1).',
    seed: 'Seed of data order, jitter, pools and weight initialisation.',
  }, 64),
  width: widthField('G width', 'Generator base width (ngf): the stem\'s filters; the two downsamplings double it twice.'),
  discWidth: widthField('D width', 'Discriminator base width (ndf).'),
  resBlocks: field(z.number().int().min(0).max(16), {
    label: 'Residual blocks', group: 'network', help: 'Residual blocks of each generator: 0 = by resolution (6 up to 128 px, 9 at 256 px).' }),
  discriminator: field(z.enum(CYCLEGAN_DISCRIMINATORS), {
    label: 'Discriminator', group: 'network', advanced: true, help: 'patch70 = the paper\'s 70×70 PatchGAN; patch38 = the benchmark\'s shallower one.' }),
  lrG: learningRateField('G learning rate', 'Adam learning rate of both generators.'),
  lrD: learningRateField('D learning rate', 'Adam learning rate of both discriminators.'),
  ...adamBetaFields({ beta1: 'Adam β1 (the paper: 0.5).', beta2: 'Adam β2 (0.999).' }),
  decayStart: field(z.number().min(0).max(1), {
    label: 'Decay start', group: 'optimizer', advanced: true, help: 'Fraction of the steps at a constant learning rate; it then falls linearly to zero at the last step.' }),
  lambdaCycle: field(z.number().min(0).max(1000), {
    label: 'Cycle weight λ', group: 'loss', help: 'Weight of the cycle-consistency L1 loss (the paper: 10).' }),
  lambdaIdentity: field(z.number().min(0).max(10), {
    label: 'Identity weight', group: 'loss', advanced: true, help: 'Identity L1 loss weight as a fraction of λ (the paper: 0.5).' }),
  poolSize: field(z.number().int().min(0).max(1000), {
    label: 'History pool', group: 'loss', advanced: true, help: 'Generated images each discriminator\'s history pool keeps (0 = D sees only the newest fakes).' }),
  jitterScale: field(z.number().min(1).max(2), {
    label: 'Jitter scale', group: 'augmentation', advanced: true, help: 'Upscale to resolution × this (the paper: 286/256) and crop back at a random place. 1 = off.' }),
  flip: field(z.boolean(), { label: 'Flip', group: 'augmentation', advanced: true, help: 'Random horizontal flip of training images.' }),
  checkpointEvery: everyField('Checkpoint every', 'A full checkpoint every this many steps, and on stop.'),
  sampleEvery: everyField('Panel every', 'A sample panel (real → translated → reconstructed, both ways) every this many steps.'),
  samplesPerPanel: field(z.number().int().min(1).max(16), {
    label: 'Panel rows', group: 'schedule', advanced: true, help: 'Rows of the sample panel (fixed images of each domain).' }),
  metricsEvery: metricsEveryField(),
});
export type CycleganRunConfig = z.infer<typeof CycleganConfigSchema>;

export const CYCLEGAN_DEFAULTS: CycleganRunConfig = {
  resolution: 128, channels: 3, steps: 20_000, batch: 1, seed: 0, width: 64, discWidth: 64, resBlocks: 0, discriminator: 'patch70',
  lrG: 2e-4, lrD: 2e-4, beta1: 0.5, beta2: 0.999, decayStart: 0.5, lambdaCycle: 10, lambdaIdentity: 0.5, poolSize: 50,
  jitterScale: 286 / 256, flip: true, checkpointEvery: 1000, sampleEvery: 200, samplesPerPanel: 4, metricsEvery: 10,
};

/** Residual blocks actually built: the config's, or 6 up to 128 px and 9 at 256 px. */
export const cycleganResBlocks = (c: Pick<CycleganRunConfig, 'resBlocks' | 'resolution'>): number =>
  c.resBlocks > 0 ? c.resBlocks : c.resolution >= 256 ? 9 : 6;

/** Columns of a sample panel, left to right (rows: fixed images of each domain). */
export const CYCLEGAN_PANEL_COLUMNS = ['real A', 'fake B', 'rec A', 'real B', 'fake A', 'rec B'];

export const cycleganSpec: ModelSpec<CycleganRunConfig> = {
  kind: 'cyclegan',
  title: 'CycleGAN (unpaired translation)',
  summary: 'Learns to translate images of domain A into domain B and back, from two unpaired folders.',
  schema: CycleganConfigSchema,
  defaults: CYCLEGAN_DEFAULTS,
  presets: {
    // `quick` is the benchmark network (cyclegan64) at 64 px, sized for CPUs: `npm run -s bench -- cyclegan64`. Its
    // 900 steps take 4.5 s each on a loaded 2-core CPU with wasm (68 min, scripts/measure-presets.ts); issue 15 saw 25 min.
    quick: { label: 'Quick look', summary: 'the benchmark network at 64 px: half an hour to an hour on a 2-core CPU',
      values: { resolution: 64, width: 32, resBlocks: 3, discWidth: 64, discriminator: 'patch38', steps: 900, sampleEvery: 100, checkpointEvery: 150 } },
    balanced: { label: 'Balanced', summary: '128 px, 6 blocks: for a GPU',
      values: { resolution: 128, width: 48, resBlocks: 6, steps: 10_000, sampleEvery: 200, checkpointEvery: 1000 } },
    best: { label: 'Best quality', summary: 'the paper\'s 256 px network: for a GPU',
      values: { resolution: 256, width: 64, resBlocks: 9, steps: 100_000, sampleEvery: 1000, checkpointEvery: 5000 } },
  },
  resolutions: CYCLEGAN_RESOLUTIONS,
  datasets: [
    { role: 'a', label: 'Domain A', flag: 'a', datasetKind: 'any', minImages: 10, orderStream: 1 },
    { role: 'b', label: 'Domain B', flag: 'b', datasetKind: 'any', minImages: 10, orderStream: 5 },
  ],
  inference: 'translate',
  directions: [{ name: 'a2b', from: 'a', to: 'b' }, { name: 'b2a', from: 'b', to: 'a' }],
  charts: [
    { title: 'Generators (LSGAN)', series: [{ key: 'gA2B', label: 'G A→B' }, { key: 'gB2A', label: 'G B→A' }] },
    { title: 'Discriminators', series: [{ key: 'dA', label: 'D A' }, { key: 'dB', label: 'D B' }] },
    { title: 'Cycle L1', series: [{ key: 'cycleA', label: 'cycle A' }, { key: 'cycleB', label: 'cycle B' }] },
    { title: 'Identity L1', series: [{ key: 'idtA', label: 'identity A' }, { key: 'idtB', label: 'identity B' }] },
  ],
  preview: { title: 'Sample panel (fixed images of each domain)', rows: 'inputs', columns: CYCLEGAN_PANEL_COLUMNS },
  health: { score: "the discriminators' mean score on the fakes", advice: 'try a lower D learning rate or a larger history pool (poolSize)' },
  load: () => import('./model').then((m) => m.default),
};
