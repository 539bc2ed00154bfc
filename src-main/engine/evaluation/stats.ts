/** Small statistics the evaluation reports: mean, sample sd, a binomial interval. Pure functions. */

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Sample standard deviation (n − 1); 0 for a single value (one seed says nothing about spread). */
export function sd(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

/**
 * Wilson score interval of a proportion `correct / n` at 95% (z = 1.96): the uncertainty of one accuracy measured
 * on n test images, which the seed-to-seed sd does not show (all seeds share the test set). [lo, hi] in [0, 1].
 */
export function wilson(correct: number, n: number, z = 1.96): { lo: number; hi: number } {
  if (n <= 0) return { lo: 0, hi: 1 };
  const p = correct / n, z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}

/**
 * Two-sided exact sign test: the chance of a split at least as uneven as `plus` : `minus` if either side were
 * equally likely (binomial, p = ½). Summed in log space, so thousands of discordant test images do not underflow.
 */
export function signTestP(plus: number, minus: number): number {
  const n = plus + minus, k = Math.min(plus, minus);
  if (n === 0) return 1;
  let logTerm = -n * Math.LN2, logTail = logTerm;
  for (let i = 0; i < k; i++) {
    logTerm += Math.log(n - i) - Math.log(i + 1);
    const hi = Math.max(logTail, logTerm);
    logTail = hi + Math.log(Math.exp(logTail - hi) + Math.exp(logTerm - hi));
  }
  return Math.min(1, 2 * Math.exp(logTail));
}
