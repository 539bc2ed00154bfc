/**
 * An accuracy difference (a fraction) as points with a sign and one decimal, rounded first so that −0.04 points
 * reads +0.0, not −0.0: the one way the engine's sentence, the CLI and the pages print gains.
 */
export function signedPoints(x: number): string {
  const v = Math.round(1000 * x) / 10;
  return `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(1)}`;
}
