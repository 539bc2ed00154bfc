import type { EvaluateParams } from '../../shared/domain/evaluation';

/**
 * The evaluator's fixed classifier: a small CNN, the same every time so that arms and evaluations compare.
 * conv3×3/2(16) → relu → conv3×3/2(32) → relu → dense(FEATURES) → relu → dense(classes).
 * ~0.35 M multiply-adds per 28 px image: a 2-core machine trains hundreds of batches of 64 in seconds.
 */
export const EVALUATOR_CONFIG = {
  /** Bumped whenever the network, optimizer, schedule or augmentation changes: stored with each evaluation. */
  version: 2,
  conv1: 16,
  conv2: 32,
  /** Width of the penultimate layer: the feature space of the quality measures. */
  features: 64,
  batch: 64,
  /** Peak learning rate; it follows a cosine from here to 0 over the run (a fixed step budget converges better so). */
  lr: 2e-3,
  /** Adam β1/β2 of the classifier (the usual ones, not the GAN's 0.5). */
  beta1: 0.9,
  beta2: 0.999,
  /**
   * Augmentation of every arm alike (random shifts up to ±`shift` px, horizontal flips): none. With ±2 px and flips
   * the evaluator valued 500 further real images per class at +1.8 points where a plain CNN outside the studio sees
   * +6.5, so no batch could show a gain; without, it reads +5.1 (3 seeds, docs/evaluation.md).
   */
  shift: 0,
  flip: false,
} as const;
export type EvaluatorConfig = typeof EVALUATOR_CONFIG;

/** Arms of one seed: real only, each ratio, synthetic only, and the augmented-copies reference unless skipped. */
export const armCount = (p: Pick<EvaluateParams, 'ratios' | 'baseline'>): number => p.ratios.length + 2 + (p.baseline === 'none' ? 0 : 1);

/** Optimizer steps of a whole evaluation: every arm for every seed. */
export const totalEvaluationSteps = (p: Pick<EvaluateParams, 'ratios' | 'seeds' | 'steps' | 'baseline'>): number => armCount(p) * p.seeds.length * p.steps;
