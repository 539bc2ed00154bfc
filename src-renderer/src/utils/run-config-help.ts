import type { CganRunConfig } from '@shared/domain/run-config';

/**
 * Label and help text of each cGAN setting, from the comments of `CganConfigSchema` (restated: importing that
 * module would pull zod into the renderer bundle). Order = the order the settings are shown in.
 */
export const CONFIG_HELP: Record<keyof CganRunConfig, { label: string; help: string }> = {
  resolution: { label: 'Resolution', help: 'Image side in px; the dataset is resized (centre crop) to it.' },
  channels: { label: 'Channels', help: '1 (grey) or 3 (RGB): taken from the dataset (3 as soon as one image has colour).' },
  steps: { label: 'Steps', help: 'Training steps; one step = one D update then one G update.' },
  batch: { label: 'Batch', help: 'Images per step (real and fake each).' },
  seed: { label: 'Seed', help: 'Seed of data order, noise, augmentation and weight initialisation.' },
  width: { label: 'Width', help: "Base width: D's first conv has this many filters, G's last hidden layer too; deeper layers double it." },
  zDim: { label: 'Noise size', help: 'Noise vector length.' },
  embDim: { label: 'Class embedding', help: "Class embedding length of the generator (and of D's label channel)." },
  dHead: { label: 'D class head', help: "How D sees the class: projection (Miyato & Koyama 2018) or the benchmark's extra label channel." },
  loss: { label: 'Loss', help: "'bce' = non-saturating (G maximises log D(G(z))); 'hinge'; 'lsgan' = least squares." },
  lrG: { label: 'G learning rate', help: 'Adam learning rate of G (two time-scale: D may learn faster).' },
  lrD: { label: 'D learning rate', help: 'Adam learning rate of D (two time-scale: D may learn faster).' },
  beta1: { label: 'Adam β1', help: 'Adam β1 (DCGAN: 0.5).' },
  beta2: { label: 'Adam β2', help: 'Adam β2 (DCGAN: 0.999).' },
  labelSmoothing: { label: 'Label smoothing', help: "One-sided label smoothing: D's target for real images is 1 − this (bce only). 0 = off." },
  diffAugment: { label: 'DiffAugment', help: "DiffAugment (Zhao et al. 2020) on real and fake alike: 'auto' = on below the image count below." },
  augmentBelow: { label: 'Augment below', help: "With DiffAugment 'auto': on when the dataset has fewer training images than this." },
  augmentPolicy: { label: 'Augment policy', help: 'Which DiffAugment transforms run, in this order.' },
  emaDecay: { label: 'EMA decay', help: "Decay of the generator's exponential moving average (sampling uses the EMA weights)." },
  checkpointEvery: { label: 'Checkpoint every', help: 'Full checkpoint (every tensor, optimizer moments, RNG) every this many steps, and on stop.' },
  sampleEvery: { label: 'Sample every', help: 'Sample grid (fixed noise × every class) every this many steps.' },
  samplesPerClass: { label: 'Samples per class', help: 'Columns of the sample grid: fixed noise vectors per class.' },
  metricsEvery: { label: 'Metrics every', help: 'Metrics kept for the charts every this many steps.' },
};

/** A setting's value as text: arrays joined, small floats in exponent form. */
export function formatConfigValue(v: unknown): string {
  if (Array.isArray(v)) return v.length ? v.join(', ') : '(none)';
  if (typeof v === 'number' && v !== 0 && Math.abs(v) < 0.001) return v.toExponential(0);
  return String(v);
}
