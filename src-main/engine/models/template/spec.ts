import { z } from 'zod';
import { channelsField, everyField, learningRateField, metricsEveryField, resolutionField, scheduleFields } from '../../../shared/models/common-fields';
import { field } from '../../../shared/models/config-fields';
import { CLASS_CONDITIONAL, type ModelSpec } from '../model-spec';

/** Image sides the template offers. */
const TEMPLATE_RESOLUTIONS = [16, 28, 32] as const;

/**
 * The template model: a small conditional GAN of two dense networks. It is a working example of every part a model
 * declares (see README.md beside this file); copy this folder to start a new model.
 */
export const TemplateConfigSchema = z.object({
  // The fields every model has come from common-fields.ts (same range and label everywhere); the help is the model's.
  resolution: resolutionField(TEMPLATE_RESOLUTIONS, 'Image side in px; the dataset is resized (centre crop) to it.'),
  channels: channelsField('1 (grey) or 3 (RGB): taken from the dataset.'),
  ...scheduleFields({ steps: 'Training steps: one D update, then one G update.', batch: 'Images per step.', seed: 'Seed of everything random in the run.' }, 1024),
  hidden: field(z.number().int().min(4).max(2048), { label: 'Hidden units', group: 'network', help: 'Units of the one hidden layer of G and of D.' }),
  zDim: field(z.number().int().min(1).max(512), { label: 'Noise length', group: 'network', advanced: true, help: 'Length of the noise vector z.' }),
  lr: learningRateField('Learning rate', 'Adam learning rate of both networks.'),
  checkpointEvery: everyField('Checkpoint every', 'A checkpoint every this many steps, and on stop.'),
  sampleEvery: everyField('Grid every', 'A sample grid every this many steps.'),
  samplesPerClass: field(z.number().int().min(1).max(32), { label: 'Grid columns', group: 'schedule', advanced: true, help: 'Samples per class in the grid.' }),
  metricsEvery: metricsEveryField(),
});
export type TemplateRunConfig = z.infer<typeof TemplateConfigSchema>;

export const templateSpec: ModelSpec<TemplateRunConfig> = {
  kind: 'template',
  title: 'Template (dense conditional GAN)',
  summary: 'A minimal conditional GAN of two dense networks: the example to copy when adding a model.',
  schema: TemplateConfigSchema,
  defaults: {
    resolution: 28, channels: 1, steps: 500, batch: 32, seed: 0, hidden: 128, zDim: 32, lr: 2e-4,
    checkpointEvery: 100, sampleEvery: 50, samplesPerClass: 8, metricsEvery: 5,
  },
  presets: {
    quick: { label: 'Quick look', summary: 'a few hundred steps', values: { steps: 300 } },
  },
  resolutions: TEMPLATE_RESOLUTIONS,
  ...CLASS_CONDITIONAL,
  charts: [
    { title: 'Losses', series: [{ key: 'lossD', label: 'D loss' }, { key: 'lossG', label: 'G loss' }] },
    { title: 'D(G(z))', series: [{ key: 'dFake', label: 'D(G(z))' }] },
  ],
  preview: { title: 'Sample grid (rows: classes)', rows: 'classes', columns: null },
  // no EMA: samples come from the trained generator itself
  weights: ['raw'],
  health: { score: 'D(G(z))', advice: 'try a lower learning rate' },
  load: () => import('./model').then((m) => m.default),
};
