import type { RunKind } from '@shared/domain/run';
import { CYCLEGAN_LOSS_LABELS, type CycleganLossName } from '@shared/domain/cyclegan-panel';
import type { ChartLine } from './metric-series';

/** One chart card of the run dashboard: its title, test id, lines and optional fixed y range. */
export interface RunChart {
  title: string;
  testId: string;
  lines: ChartLine[];
  yRange?: [number, number];
}

const BLUE = '#2f6fde', ORANGE = '#e8833a', GREEN = '#18a058', RED = '#d03050';
const cycle = (key: CycleganLossName, color: string, dash?: [number, number]): ChartLine => ({ key, label: CYCLEGAN_LOSS_LABELS[key], color, ...(dash ? { dash } : {}) });

/** What the cGAN records each step: both losses, D's outputs on real and fake, both gradient norms. */
const CGAN: RunChart[] = [
  { title: 'Losses', testId: 'loss-chart-run', lines: [{ key: 'lossD', label: 'D loss', color: BLUE }, { key: 'lossG', label: 'G loss', color: ORANGE }] },
  {
    title: 'Discriminator outputs', testId: 'd-output-chart', yRange: [0, 1],
    lines: [{ key: 'dReal', label: 'D(x) real', color: GREEN }, { key: 'dFake', label: 'D(G(z)) fake', color: RED }],
  },
  { title: 'Gradient norms', testId: 'grad-chart', lines: [{ key: 'gradNormD', label: '‖∇D‖', color: BLUE }, { key: 'gradNormG', label: '‖∇G‖', color: ORANGE }] },
];

/** CycleGAN's eight losses (LSGAN adversarial, L1 cycle and identity), grouped by what they measure. */
const CYCLEGAN: RunChart[] = [
  { title: 'Generator losses (adversarial)', testId: 'g-loss-chart', lines: [cycle('gA2B', ORANGE), cycle('gB2A', '#8a5cd0')] },
  { title: 'Discriminator losses', testId: 'd-loss-chart', lines: [cycle('dA', BLUE), cycle('dB', GREEN)] },
  // a colour per domain; identity dashed, as it runs close to cycle
  {
    title: 'Cycle and identity losses (L1)', testId: 'cycle-loss-chart',
    lines: [cycle('cycleA', RED), cycle('cycleB', '#0e9aa7'), cycle('idtA', RED, [4, 3]), cycle('idtB', '#0e9aa7', [4, 3])],
  },
];

/** The dashboard's charts for a run of this kind. */
export const chartsFor = (kind: RunKind): RunChart[] => (kind === 'cyclegan' ? CYCLEGAN : CGAN);
