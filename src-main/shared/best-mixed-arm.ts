/**
 * The real + synthetic arm with the best mean gain (the first of equals, in ratio order): the one the sentence,
 * the recommended ratio and the lists of evaluations report. Null when no mixed arm was evaluated.
 */
export function bestMixedArm<M extends { gain: number }>(mixed: readonly M[]): M | null {
  return [...mixed].sort((a, b) => b.gain - a.gain)[0] ?? null;
}
