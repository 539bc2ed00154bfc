import type { EvaluationResult } from '@shared/domain/evaluation';
import { roundedPoints } from '@shared/signed-points';

/** One class of an evaluation, as the per-class table shows it. */
export interface ClassGainRow {
  name: string;
  count: number;
  real: number;
  synth: number;
  /** Accuracy gain of real + synthetic at the chosen ratio over real only (a fraction). */
  delta: number;
  /** Whether the gain reads as one: it is coloured by the number as printed, so −0.04 points (+0.0) is not red. */
  up: boolean;
  /** Gain of the augmented copies (reference arm), when it was evaluated. */
  copies: number | null;
  copiesUp: boolean;
}

/** Per-class rows at `ratio`, most hurt class first. A ratio the evaluation lacks reads as no change. */
export function classGainRows(result: Pick<EvaluationResult, 'perClass' | 'baseline'>, ratio: number): ClassGainRow[] {
  return result.perClass
    .map((c, k) => {
      const delta = (c.realPlusSynthetic.find((m) => m.ratio === ratio)?.acc ?? c.realOnly) - c.realOnly;
      const copies = result.baseline ? result.baseline.perClass[k]! - c.realOnly : null;
      return { name: c.name, count: c.count, real: c.realOnly, synth: c.syntheticOnly, delta, up: roundedPoints(delta) >= 0, copies, copiesUp: copies !== null && roundedPoints(copies) >= 0 };
    })
    .sort((a, b) => a.delta - b.delta);
}
