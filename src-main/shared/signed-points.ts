/** An accuracy difference (a fraction) in points, rounded to one decimal: what every printed gain shows (never −0). */
export const roundedPoints = (x: number): number => Math.round(1000 * x) / 10 + 0;

/**
 * An accuracy difference (a fraction) as points with a sign and one decimal, rounded first so that −0.04 points
 * reads +0.0, not −0.0: the one way the engine's sentence, the CLI and the pages print gains.
 */
export function signedPoints(x: number): string {
  const v = roundedPoints(x);
  return `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(1)}`;
}

/** A spread or half width (a fraction) as "±x.x" points: how sds and 95% half widths of accuracies read. */
export const plusMinusPoints = (x: number): string => `±${(100 * x).toFixed(1)}`;
