import { z } from 'zod';
import { adamBetaFields, channelsField, everyField, learningRateField, metricsEveryField, resolutionField, scheduleFields, widthField } from '../../../shared/models/common-fields';
import { field } from '../../../shared/models/config-fields';
import { CLASS_CONDITIONAL, type ModelSpec } from '../model-spec';

/** Image sides the conditional DCGAN offers. */
export const CGAN_RESOLUTIONS = [28, 32, 64, 128] as const;
export const GAN_LOSSES = ['bce', 'hinge', 'lsgan'] as const;
export const D_HEADS = ['projection', 'label-channel'] as const;
export const AUGMENTS = ['translation', 'cutout', 'color'] as const;

/**
 * One cGAN run, fully resolved: every field annotated once, and the CLI flags, `--help`, the run form and the
 * stored config all come from here. Stored with the run (database row and `config.json` beside the checkpoints).
 */
export const CganConfigSchema = z.object({
  resolution: resolutionField(CGAN_RESOLUTIONS, 'Image side in px; the dataset is resized (centre crop) to it. Without one, the smallest side at least the images\' median.'),
  channels: channelsField('1 (grey) or 3 (RGB): taken from the dataset (3 as soon as one image has colour).'),
  ...scheduleFields({
    steps: 'Training steps; one step = one D update then one G update.',
    batch: 'Images per step (real and fake each).',
    seed: 'Seed of data order, noise, augmentation and weight initialisation: the same seed repeats a run.',
  }, 1024),
  width: widthField('Width', 'Base width: D\'s first conv has this many filters, G\'s last hidden layer too; deeper layers double it.'),
  zDim: field(z.number().int().min(1).max(512), {
    label: 'Noise length', group: 'network', advanced: true, help: 'Length of the noise vector z.' }),
  embDim: field(z.number().int().min(1).max(512), {
    label: 'Class embedding', group: 'network', advanced: true, help: 'Class embedding length of the generator (and of D\'s label channel).' }),
  dHead: field(z.enum(D_HEADS), {
    label: 'D head', group: 'network', advanced: true, help: 'How D sees the class: projection (Miyato & Koyama 2018) or an extra label channel (the benchmark\'s).' }),
  loss: field(z.enum(GAN_LOSSES), {
    label: 'Loss', group: 'loss', help: 'bce = non-saturating (G maximises log D(G(z))); hinge; lsgan = least squares.' }),
  labelSmoothing: field(z.number().min(0).max(0.5), {
    label: 'Label smoothing', group: 'loss', advanced: true, help: 'One-sided label smoothing: D\'s target for real images is 1 − this (bce only). 0 = off.' }),
  lrG: learningRateField('G learning rate', 'Adam learning rate of the generator.'),
  lrD: learningRateField('D learning rate', 'Adam learning rate of the discriminator (two time-scale: D may learn faster).'),
  ...adamBetaFields({ beta1: 'Adam β1 (DCGAN: 0.5).', beta2: 'Adam β2 (DCGAN: 0.999).' }),
  emaDecay: field(z.number().min(0).max(0.99999), {
    label: 'EMA decay', group: 'optimizer', flag: 'ema', help: 'Decay of the generator\'s exponential moving average; samples use the EMA weights.' }),
  diffAugment: field(z.enum(['auto', 'on', 'off']), {
    label: 'DiffAugment', group: 'augmentation', flag: 'augment', help: 'DiffAugment (Zhao et al. 2020) on real and fake alike: auto = on below the image count below.' }),
  mirror: field(z.boolean(), {
    label: 'Mirror', group: 'augmentation', help: 'Also learn every real image flipped left-right (StyleGAN\'s --mirror): twice the images for D. Only for data whose classes survive a flip (clothes, animals; not digits or text).' }),
  augmentBelow: field(z.number().int().nonnegative(), {
    label: 'Augment below', group: 'augmentation', advanced: true, help: 'With DiffAugment auto: on when the dataset has fewer training images than this.' }),
  augmentPolicy: field(z.array(z.enum(AUGMENTS)), {
    label: 'Augment policy', group: 'augmentation', advanced: true, help: 'Which DiffAugment transforms run, in this order.' }),
  checkpointEvery: everyField('Checkpoint every', 'A full checkpoint (every tensor, optimizer moments, RNG) every this many steps, and on stop.'),
  sampleEvery: everyField('Sample grid every', 'A sample grid (fixed noise × every class) every this many steps.'),
  samplesPerClass: field(z.number().int().min(1).max(32), {
    label: 'Grid columns', group: 'schedule', advanced: true, help: 'Columns of the sample grid: fixed noise vectors per class.' }),
  metricsEvery: metricsEveryField(),
  // Remedies against collapse within a class (issue 12). A run's config from before them lacks these fields, and
  // parsing fills the defaults, all off: such runs build, resume and generate exactly as before.
  modeSeeking: field(z.number().min(0).max(100), {
    label: 'Mode seeking λ', group: 'diversity', help: 'Weight of the mode-seeking term (MSGAN, Mao et al. 2019): samples of one class must differ as their noise differs. 0 = off; 0.03 measured best on small datasets, 1 drowns the class in noise.' }),
  minibatchStd: field(z.number().int().min(0).max(64), {
    label: 'Minibatch std group', group: 'diversity', advanced: true, help: 'Group size of D\'s minibatch standard-deviation feature (Karras et al. 2018). 0 = off (it did not help on 100 images per class).' }),
  zFilm: field(z.boolean(), {
    label: 'Noise in every layer', group: 'diversity', advanced: true, help: 'The noise also modulates (FiLM) every hidden layer of G, not only the first.' }),
  upsample: field(z.enum(['transposed', 'resize']), {
    label: 'Upsampling', group: 'network', advanced: true, help: 'How G doubles its maps: transposed convs (DCGAN), or resize then conv (Odena et al. 2016), which leaves no checkerboard in textures.' }),
  depth: field(z.number().int().min(0).max(3), {
    label: 'Extra layers', group: 'network', advanced: true, help: 'Extra 3×3 conv layers in G (at its last hidden map) and in D (at its last map): D sees whole shapes, not only local texture. Slower. 0 = the plain DCGAN.' }),
  classFilm: field(z.boolean(), {
    label: 'Class in every layer', group: 'network', advanced: true, help: 'The class also modulates (FiLM) every hidden layer of G, as BigGAN\'s class-conditional BatchNorm, not only the first.' }),
  condRampStart: field(z.number().int().min(0), {
    label: 'Class ramp start', group: 'diversity', advanced: true, help: 'Transitional conditioning (Shahbazi et al. 2022): training is unconditional until this step, then the class enters linearly…' }),
  condRampEnd: field(z.number().int().min(0), {
    label: 'Class ramp end', group: 'diversity', advanced: true, help: '…until this step. Both 0 = conditional from the start.' }),
  coverage: field(z.number().min(0).max(100), {
    label: 'Coverage λ', group: 'diversity', advanced: true, help: 'Weight of the coverage term (IMLE, Li & Malik 2018): each real image pulls the nearest of a few samples of its class onto itself, so that G can reach every training image and not only a few shapes per class. 0 = off.' }),
  coverageDraws: field(z.number().int().min(2).max(64), {
    label: 'Coverage draws', group: 'diversity', advanced: true, help: 'Samples drawn per real image to find its nearest (coverage term): more find closer ones, at one G pass each.' }),
  auxClassifier: field(z.number().min(0).max(10), {
    label: 'Class loss λ', group: 'loss', advanced: true, help: 'Weight of an auxiliary classifier on D\'s features (AC-GAN, Odena et al. 2017): D also learns to tell the class of real images, and G is rewarded when its samples are told as their class. 0 = off.' }),
});
export type CganRunConfig = z.infer<typeof CganConfigSchema>;

export const CGAN_DEFAULTS: CganRunConfig = {
  resolution: 64, channels: 3, steps: 2000, batch: 64, seed: 0, width: 64, zDim: 100, embDim: 50, dHead: 'projection',
  loss: 'bce', labelSmoothing: 0, lrG: 2e-4, lrD: 2e-4, beta1: 0.5, beta2: 0.999, emaDecay: 0.999,
  diffAugment: 'auto', mirror: false, augmentBelow: 10_000, augmentPolicy: ['translation', 'cutout', 'color'],
  checkpointEvery: 200, sampleEvery: 100, samplesPerClass: 8, metricsEvery: 5,
  modeSeeking: 0, minibatchStd: 0, zFilm: false, classFilm: false, depth: 0, upsample: 'transposed', condRampStart: 0, condRampEnd: 0, auxClassifier: 0,
  coverage: 0, coverageDraws: 8,
};

export const cganSpec: ModelSpec<CganRunConfig> = {
  kind: 'cgan',
  title: 'Conditional DCGAN',
  summary: 'Learns every class of a labeled dataset and generates new samples of any class.',
  schema: CganConfigSchema,
  defaults: CGAN_DEFAULTS,
  // Times from runs.estimate on a 2-core CPU with wasm (`npx tsx scripts/measure-presets.ts`): quick 0.35 s a step idle
  // (issue 15: 1:59 in all), 0.9 s under load (4.7 min); balanced 2.6 s a step under load (79 min). The run form shows
  // the time measured on the user's own machine before the run starts.
  presets: {
    quick: { label: 'Quick look', summary: '2 to 5 minutes at 28 px on a 2-core CPU: is the data usable?',
      values: { steps: 300, batch: 32, width: 32, sampleEvery: 50, checkpointEvery: 100, emaDecay: 0.99 } },
    balanced: { label: 'Balanced', summary: '30 to 80 minutes at 28 px on a 2-core CPU, minutes on a GPU',
      values: { steps: 1800, batch: 64, width: 48, sampleEvery: 100, checkpointEvery: 300, emaDecay: 0.995, modeSeeking: 0.03 } },
    best: { label: 'Best quality', summary: 'long: for a GPU or an overnight run',
      values: { steps: 20_000, batch: 64, width: 64, sampleEvery: 500, checkpointEvery: 1000, emaDecay: 0.999 } },
  },
  resolutions: CGAN_RESOLUTIONS,
  ...CLASS_CONDITIONAL,
  charts: [
    { title: 'Losses', series: [{ key: 'lossD', label: 'D loss' }, { key: 'lossG', label: 'G loss' }] },
    { title: 'D(x) vs D(G(z))', series: [{ key: 'dReal', label: 'D(x)' }, { key: 'dFake', label: 'D(G(z))' }] },
    { title: 'Gradient norms', series: [{ key: 'gradNormD', label: '‖∇D‖' }, { key: 'gradNormG', label: '‖∇G‖' }] },
  ],
  preview: { title: 'Sample grid (rows: classes, columns: fixed noise, EMA weights)', rows: 'classes', columns: null },
  health: { score: 'D(G(z))', advice: 'try DiffAugment on, a lower D learning rate or label smoothing' },
  load: () => import('./model').then((m) => m.default),
};
