import { z } from 'zod';
import { field } from '../../../shared/models/config-fields';
import type { ModelSpec } from '../model-spec';

/**
 * The template model: a small conditional GAN of two dense networks. It is a working example of every part a model
 * declares (see README.md beside this file); copy this folder to start a new model.
 */
export const TemplateConfigSchema = z.object({
  resolution: field(z.union([z.literal(16), z.literal(28), z.literal(32)]), {
    label: 'Resolution', group: 'data', derived: true, help: 'Image side in px; the dataset is resized (centre crop) to it.' }),
  channels: field(z.union([z.literal(1), z.literal(3)]), {
    label: 'Channels', group: 'data', derived: true, advanced: true, help: '1 (grey) or 3 (RGB): taken from the dataset.' }),
  steps: field(z.number().int().min(1).max(10_000_000), { label: 'Steps', group: 'schedule', help: 'Training steps: one D update, then one G update.' }),
  batch: field(z.number().int().min(1).max(1024), { label: 'Batch', group: 'schedule', help: 'Images per step.' }),
  seed: field(z.number().int().min(0).max(2 ** 31 - 1), { label: 'Seed', group: 'schedule', help: 'Seed of everything random in the run.' }),
  hidden: field(z.number().int().min(4).max(2048), { label: 'Hidden units', group: 'network', help: 'Units of the one hidden layer of G and of D.' }),
  zDim: field(z.number().int().min(1).max(512), { label: 'Noise length', group: 'network', advanced: true, help: 'Length of the noise vector z.' }),
  lr: field(z.number().positive().max(1), { label: 'Learning rate', group: 'optimizer', help: 'Adam learning rate of both networks.' }),
  checkpointEvery: field(z.number().int().min(1), { label: 'Checkpoint every', group: 'schedule', advanced: true, help: 'A checkpoint every this many steps, and on stop.' }),
  sampleEvery: field(z.number().int().min(1), { label: 'Grid every', group: 'schedule', advanced: true, help: 'A sample grid every this many steps.' }),
  samplesPerClass: field(z.number().int().min(1).max(32), { label: 'Grid columns', group: 'schedule', advanced: true, help: 'Samples per class in the grid.' }),
  metricsEvery: field(z.number().int().min(1), { label: 'Metrics every', group: 'schedule', advanced: true, help: 'Metrics kept for the charts every this many steps.' }),
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
  resolutions: [16, 28, 32],
  datasets: [{ role: 'train', label: 'Dataset', flag: 'dataset', datasetKind: 'labeled', minImages: 2, orderStream: 1 }],
  inference: 'generate',
  directions: [],
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
