import { SIGNIFICANCE, type EvaluationResult } from '../../shared/domain/evaluation';
import { bestMixedArm } from '../../shared/best-mixed-arm';
import { percent } from '../../shared/percent';
import { signedPoints } from '../../shared/signed-points';
import { mean, sd, signTestP, wilson } from './stats';
import type { ArmTest } from './train-arm';

type Arm = EvaluationResult['realOnly'];
type Mixed = EvaluationResult['realPlusSynthetic'][number];

/** Per-seed tests of one arm → mean ± sd, per-seed accuracies and the test set's own 95% interval. */
export function armResult(tests: readonly ArmTest[]): Arm {
  const accs = tests.map((t) => t.correct / Math.max(1, t.total));
  const n = tests[0]?.total ?? 0;
  const m = mean(accs);
  return { accMean: m, accSd: sd(accs), accs, ci95: wilson(Math.round(m * n), n) };
}

/**
 * A mixed arm against real only: the gain and the sd of the seed-paired differences (same seed = same init), and,
 * given real only's per-image results, the paired test on the test images.
 */
export function mixedResult(ratio: number, actualRatio: number, tests: readonly ArmTest[], realOnly: Arm, realTests?: readonly ArmTest[]): Mixed {
  const arm = armResult(tests);
  const diffs = arm.accs.map((a, i) => a - (realOnly.accs[i] ?? realOnly.accMean));
  const paired = realTests ? pairedTest(tests, realTests) : null;
  return { ...arm, ratio, actualRatio, gain: arm.accMean - realOnly.accMean, gainSd: sd(diffs), ...(paired ?? {}) };
}

/**
 * McNemar's question, asked of the test images with the seeds pooled: on how many images is the arm right more
 * often than real only (over the same seeds), on how many less, and how likely so uneven a split is by chance.
 * Seeds share the test images, so each image counts once; an image both get right (or wrong) as often says nothing.
 * Null when per-image results are missing or do not line up.
 */
export function pairedTest(tests: readonly ArmTest[], realTests: readonly ArmTest[]): { better: number; worse: number; pValue: number } | null {
  const n = tests[0]?.hits?.length ?? 0;
  if (n === 0 || tests.length !== realTests.length || [...tests, ...realTests].some((t) => t.hits?.length !== n)) return null;
  let better = 0, worse = 0;
  for (let i = 0; i < n; i++) {
    let d = 0;
    tests.forEach((t, s) => (d += t.hits![i]! - realTests[s]!.hits![i]!));
    if (d > 0) better++;
    else if (d < 0) worse++;
  }
  return { better, worse, pValue: signTestP(better, worse) };
}

/** Per-class accuracy from confusion matrices summed over seeds. */
export function perClassAccuracy(confusion: readonly (readonly number[])[]): number[] {
  return confusion.map((row, k) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total > 0 ? row[k]! / total : 0;
  });
}

/** Sums per-seed confusion matrices. */
export function sumConfusion(tests: readonly ArmTest[], classes: number): number[][] {
  const out = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (const t of tests) t.confusion.forEach((row, i) => row.forEach((n, j) => (out[i]![j]! += n)));
  return out;
}

/** The ratio whose mean gain is best, if that gain is a finding (`clearGain`); null when no ratio clearly helps. */
export function recommendRatio(mixed: readonly Mixed[], halfWidth95 = 0, testCount = Number.POSITIVE_INFINITY): number | null {
  const best = bestMixedArm(mixed);
  return best && clearGain(best, halfWidth95, testCount) ? best.ratio : null;
}

/**
 * Two classifiers tested on the same images differ only where they disagree, and an exact sign (McNemar) test on
 * those images cannot reach p < 0.05 with fewer than 6 of them, all one way. So a mean gain worth fewer than 6 test
 * images is never a finding: on a held-out split of 6 images one image is +16.7 points.
 */
export const MIN_NET_TEST_IMAGES = 6;

/**
 * Whether an arm's gain is a finding: above zero, above the seeds' spread of the gain, above half the test set's
 * own 95% half width, worth at least MIN_NET_TEST_IMAGES test images, and, where per-image results were kept, a
 * paired sign test on the test images at p < SIGNIFICANCE. The sentence and the recommended ratio use the same test,
 * so they never disagree.
 */
function clearGain(arm: Pick<Mixed, 'gain' | 'gainSd' | 'pValue'>, halfWidth95: number, testCount: number): boolean {
  return arm.gain > 0 && arm.gain > Math.max(arm.gainSd, halfWidth95 / 2) && arm.gain * testCount >= MIN_NET_TEST_IMAGES - 1e-9
    && (arm.pValue === undefined || arm.pValue < SIGNIFICANCE);
}

/**
 * "+1.3 ± 0.4 points at ratio 5"; one seed has no spread to state, so it says so instead of printing "± 0.0". A ratio
 * the batches were too small for names the ratio actually trained on, so that a gain is never credited to 5 that 0.4
 * earned.
 */
function gainText(arm: Mixed, more: readonly string[] = []): string {
  const spread = arm.accs.length > 1 ? ` ± ${(100 * arm.gainSd).toFixed(1)}` : '';
  const asides = [...(arm.actualRatio < arm.ratio - 1e-9 ? [`${arm.actualRatio.toFixed(2)} used: too few samples`] : []), ...(spread ? [] : ['one seed']), ...more];
  return `${signedPoints(arm.gain)}${spread} points at ratio ${arm.ratio}${asides.length ? ` (${asides.join('; ')})` : ''}`;
}

/**
 * The plain sentence of the page and the CLI: whether synthetic data helps (at the best ratio, with the sd of the
 * gain over seeds), whether that is within the noise, which classes it hurts or helps by ≥ `classMargin`, and what
 * augmented copies of the real images gave instead (the reference arm, when evaluated).
 * "helps +2.4 ± 0.6 points at ratio 5; hurts Shirt; …; augmented copies of the real images instead: +1.3 ± 0.4 points at ratio 5".
 */
export function summarize(r: Pick<EvaluationResult, 'realPlusSynthetic' | 'perClass' | 'recommendedRatio' | 'test' | 'syntheticOnly' | 'realOnly' | 'baseline'>,
  classMargin = 0.03): string {
  const best = bestMixedArm(r.realPlusSynthetic);
  if (!best) return 'no mixed arm was evaluated';
  const verdict = clearGain(best, r.test.halfWidth95, r.test.count) ? `helps ${gainText(best)}`
    : best.gain <= 0 ? `does not help: at best ${gainText(best)}` : `no clear effect: ${gainText(best, ['within the noise'])}`;
  const at = r.realPlusSynthetic.indexOf(best);
  const deltas = r.perClass.map((c) => ({ name: c.name, d: (c.realPlusSynthetic[at]?.acc ?? c.realOnly) - c.realOnly }));
  const hurts = deltas.filter((c) => c.d <= -classMargin).sort((a, b) => a.d - b.d).slice(0, 3).map((c) => c.name);
  const helps = deltas.filter((c) => c.d >= classMargin).sort((a, b) => b.d - a.d).slice(0, 3).map((c) => c.name);
  const parts = [verdict];
  if (hurts.length) parts.push(`hurts ${hurts.join(', ')}`);
  if (helps.length && best.gain > 0) parts.push(`most gain in ${helps.join(', ')}`);
  parts.push(`synthetic only ${percent(r.syntheticOnly.accMean)} vs real only ${percent(r.realOnly.accMean)}`);
  if (r.baseline) parts.push(`augmented copies of the real images instead: ${gainText(r.baseline)}`);
  return parts.join('; ');
}
