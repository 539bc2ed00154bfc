// No zod here: the renderer imports these values to label CycleGAN charts and sample panels.

/** Scalars a CycleGAN step records (run metric names): each generator's LSGAN loss, each D's, both cycle and both identity L1s. */
export const CYCLEGAN_LOSS_NAMES = ['gA2B', 'gB2A', 'dA', 'dB', 'cycleA', 'cycleB', 'idtA', 'idtB'] as const;
export type CycleganLossName = (typeof CYCLEGAN_LOSS_NAMES)[number];

/** What the UI calls each loss. */
export const CYCLEGAN_LOSS_LABELS: Record<CycleganLossName, string> = {
  gA2B: 'G A→B', gB2A: 'G B→A', dA: 'D A', dB: 'D B', cycleA: 'cycle A', cycleB: 'cycle B', idtA: 'identity A', idtB: 'identity B',
};

/**
 * Columns of a CycleGAN sample panel, left to right (rows: fixed images of each domain): a real A, its translation
 * to B and that translated back, then the same from B.
 */
export const CYCLEGAN_PANEL_COLUMNS = ['real A', 'fake B', 'rec A', 'real B', 'fake A', 'rec B'] as const;
