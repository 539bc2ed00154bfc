import type { CycleganRunConfig } from '@shared/domain/cyclegan-config';

/**
 * Label and help text of each CycleGAN setting, from the comments of `CycleganConfigSchema` (restated: importing
 * that module would pull zod into the renderer bundle). Order = the order the settings are shown in.
 */
export const CYCLEGAN_HELP: Record<keyof CycleganRunConfig, { label: string; help: string }> = {
  resolution: { label: 'Resolution', help: 'Image side in px; both domains are resized (centre crop) to it.' },
  channels: { label: 'Channels', help: '3 as soon as either domain has colour (a grey domain is then read as RGB), else 1.' },
  steps: { label: 'Steps', help: 'Training steps; one step = one update of both generators, then of both discriminators.' },
  batch: { label: 'Batch', help: 'Images of each domain per step (the paper: 1).' },
  seed: { label: 'Seed', help: 'Seed of data order, jitter, history pools and weight initialisation.' },
  width: { label: 'G width', help: "Generator base width (ngf): the stem's filters; the two downsamplings double it twice." },
  discWidth: { label: 'D width', help: 'Discriminator base width (ndf).' },
  resBlocks: { label: 'Residual blocks', help: 'Residual blocks of each generator: 0 = by resolution (6 up to 128 px, 9 at 256 px).' },
  discriminator: { label: 'Discriminator', help: "PatchGAN: 'patch70' = the paper's 70×70; 'patch38' = the benchmark's shallower one." },
  lrG: { label: 'G learning rate', help: 'Adam learning rate of both generators.' },
  lrD: { label: 'D learning rate', help: 'Adam learning rate of both discriminators.' },
  beta1: { label: 'Adam β1', help: 'Adam β1 (the paper: 0.5).' },
  beta2: { label: 'Adam β2', help: 'Adam β2 (the paper: 0.999).' },
  decayStart: { label: 'Decay start', help: 'Fraction of the steps at constant learning rate; it then falls linearly to zero at the last step.' },
  lambdaCycle: { label: 'Cycle weight λ', help: 'Weight of the cycle-consistency L1 loss (A → B → A and B → A → B).' },
  lambdaIdentity: { label: 'Identity weight', help: 'Identity L1 loss weight as a fraction of λ (the paper: 0.5). 0 = off.' },
  poolSize: { label: 'History pool', help: "Generated images each discriminator's history pool keeps (0 = D sees only the newest fakes)." },
  jitterScale: { label: 'Jitter scale', help: 'Upscale to resolution × this and crop back at a random place (the paper: 286/256). 1 = off.' },
  flip: { label: 'Random flip', help: 'Random horizontal flip of training images.' },
  checkpointEvery: { label: 'Checkpoint every', help: 'Full checkpoint (all four networks, optimizers, RNG, pools) every this many steps, and on stop.' },
  sampleEvery: { label: 'Sample every', help: 'Sample panel (real → translated → reconstructed, both ways) every this many steps.' },
  samplesPerPanel: { label: 'Panel rows', help: 'Rows of the sample panel: fixed images of each domain.' },
  metricsEvery: { label: 'Metrics every', help: 'Metrics kept for the charts every this many steps.' },
};
