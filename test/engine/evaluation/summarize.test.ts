import { describe, expect, it } from 'vitest';
import { defaultSteps } from '../../../src-main/engine/evaluation/resolve-evaluate';
import { armResult, mixedResult, pairedTest, perClassAccuracy, recommendRatio, summarize } from '../../../src-main/engine/evaluation/summarize';
import type { ArmTest } from '../../../src-main/engine/evaluation/train-arm';

/** A test result with `correct` of `total`, confusion all on the diagonal except the misses in class 0 → 1. */
const t = (correct: number, total = 100): ArmTest => ({ correct, total, confusion: [[correct, total - correct], [0, 0]] });

describe('arm results', () => {
  it('mean ± sd over seeds and the paired gain', () => {
    const real = armResult([t(80), t(82), t(78)]);
    expect(real.accMean).toBeCloseTo(0.8, 12);
    expect(real.accSd).toBeCloseTo(0.02, 12);
    expect(real.accs).toEqual([0.8, 0.82, 0.78]);
    // 80 of 100: Wilson [0.711, 0.867]
    expect(real.ci95.lo).toBeCloseTo(0.711, 3);
    expect(real.ci95.hi).toBeCloseTo(0.867, 3);
    const mixed = mixedResult(5, 5, [t(83), t(84), t(81)], real);
    expect(mixed.gain).toBeCloseTo(0.0266667, 6);
    // paired differences 0.03, 0.02, 0.03 → sd 0.00577
    expect(mixed.gainSd).toBeCloseTo(0.0057735, 6);
  });

  it('per-class accuracy from a confusion matrix', () => {
    expect(perClassAccuracy([[8, 2], [1, 9]])).toEqual([0.8, 0.9]);
    expect(perClassAccuracy([[0, 0], [1, 1]])).toEqual([0, 0.5]);
  });

  it('recommends the ratio with the best mean gain, and none when nothing helps', () => {
    const real = armResult([t(80)]);
    expect(recommendRatio([mixedResult(1, 1, [t(81)], real), mixedResult(5, 5, [t(83)], real)])).toBe(5);
    expect(recommendRatio([mixedResult(1, 1, [t(79)], real), mixedResult(5, 5, [t(80)], real)])).toBeNull();
  });

  it('recommends no ratio whose gain is within the noise, as the sentence says "no clear effect"', () => {
    const real = armResult([t(80)]);
    const mixed = [mixedResult(1, 1, [t(81)], real)];
    // +1 point on a test set whose 95% half width is ±4 points: not a finding
    expect(recommendRatio(mixed, 0.04)).toBeNull();
    expect(recommendRatio(mixed, 0.01)).toBe(1);
  });

  it('never calls a gain of fewer than 6 test images a finding, whatever the intervals say', () => {
    // 6 test images, one seed: one image more is +16.7 points, above half the half width of this made-up interval
    const real = armResult([t(5, 6)]);
    expect(recommendRatio([mixedResult(1, 1, [t(6, 6)], real)], 0.1, 6)).toBeNull();
    // 100 images: +5 is 5 images (not yet), +6 is 6
    const r100 = armResult([t(80)]);
    expect(recommendRatio([mixedResult(1, 1, [t(85)], r100)], 0, 100)).toBeNull();
    expect(recommendRatio([mixedResult(1, 1, [t(86)], r100)], 0, 100)).toBe(1);
    const s = summarize({ realOnly: real, realPlusSynthetic: [mixedResult(1, 1, [t(6, 6)], real)], perClass: [],
      syntheticOnly: { ...armResult([t(3, 6)]), samples: 6 }, recommendedRatio: null,
      test: { datasetId: 'd', versionId: 'v', count: 6, source: 'holdout', halfWidth95: 0.1 } });
    expect(s).toMatch(/^no clear effect: \+16\.7 points at ratio 1 \(one seed; within the noise\)/);
  });
});

describe('the paired test on the test images', () => {
  /** An arm's test from per-image hits ('1' right, '0' wrong). */
  const th = (bits: string): ArmTest => {
    const hits = Uint8Array.from(bits, (b) => Number(b));
    const correct = hits.reduce((a, b) => a + b, 0);
    return { correct, total: hits.length, confusion: [[correct, hits.length - correct], [0, 0]], hits };
  };

  it('counts, seeds pooled, the images an arm gets right more often and less often than real only', () => {
    const real = [th('11000000'), th('10100000')];
    const mixed = [th('11110000'), th('01110000')];
    // image 0: 1+0 vs 1+1 → worse; 1: 2 vs 1 → better; 2: 2 vs 1 → better; 3: 2 vs 0 → better; the rest even
    expect(pairedTest(mixed, real)).toEqual({ better: 3, worse: 1, pValue: expect.closeTo(0.625, 12) });
    // missing per-image results (or a different test set) give no test
    expect(pairedTest([t(80)], [t(79)])).toBeNull();
    expect(pairedTest([th('1100')], [th('110')])).toBeNull();
  });

  it('a gain the paired test cannot tell from chance is no finding, however the seeds agree', () => {
    // 1,000 test images, 3 seeds: +1.0 point with no spread over seeds, above half the half width
    const n = 1000;
    /** Images [from, to) right, the others wrong. */
    const bits = (to: number, from = 0) => Array.from({ length: n }, (_, i) => (i >= from && i < to ? '1' : '0')).join('');
    const realT = [th(bits(800)), th(bits(800)), th(bits(800))];
    const real = armResult(realT);
    // the same 10 more images right in every seed: 10 better, 0 worse → p = 0.002
    const steady = mixedResult(1, 1, [th(bits(810)), th(bits(810)), th(bits(810))], real, realT);
    expect(steady).toMatchObject({ better: 10, worse: 0 });
    expect(recommendRatio([steady], 0.01, n)).toBe(1);
    // +1.0 point as 60 images fixed and 50 broken: p ≈ 0.39
    const churn = mixedResult(1, 1, [th(bits(860, 50)), th(bits(860, 50)), th(bits(860, 50))], real, realT);
    expect(churn.gain).toBeCloseTo(0.01, 12);
    expect(churn).toMatchObject({ better: 60, worse: 50 });
    expect(churn.pValue).toBeGreaterThan(0.3);
    expect(recommendRatio([churn], 0.01, n)).toBeNull();
    const s = summarize({ realOnly: real, realPlusSynthetic: [churn], perClass: [], syntheticOnly: { ...real, samples: 1000 }, recommendedRatio: null,
      test: { datasetId: 'd', versionId: 'v', count: n, source: 'dataset', halfWidth95: 0.01 } });
    expect(s).toMatch(/^no clear effect: \+1\.0 ± 0\.0 points at ratio 1 \(within the noise\)/);
  });
});

describe('the sentence', () => {
  const base = (gains: number[], perClassDelta: number[]) => {
    const realOnly = armResult([t(800, 1000), t(810, 1000)]);
    const mixed = gains.map((g, i) => ({ ...mixedResult(i + 1, i + 1, [t(800 + 1000 * g - 3, 1000), t(810 + 1000 * g + 3, 1000)], realOnly) }));
    const perClass = ['Shirt', 'Coat', 'Bag'].map((name, k) => ({ name, count: 100, realOnly: 0.8, syntheticOnly: 0.6,
      realPlusSynthetic: mixed.map((m) => ({ ratio: m.ratio, acc: 0.8 + (perClassDelta[k] ?? 0) })) }));
    return { realOnly, realPlusSynthetic: mixed, perClass, syntheticOnly: { ...armResult([t(630, 1000)]), samples: 5000 },
      recommendedRatio: recommendRatio(mixed), test: { datasetId: 'd', versionId: 'v', count: 1000, source: 'dataset' as const, halfWidth95: 0.025 } };
  };

  it('says it helps, by how much, at which ratio, and which class it hurts', () => {
    const s = summarize(base([0.01, 0.024], [-0.05, 0.04, 0.0]));
    expect(s).toMatch(/^helps \+2\.4 ± 0\.\d points at ratio 2; hurts Shirt; most gain in Coat; synthetic only 63\.0% vs real only 80\.5%$/);
  });

  it('says when it does not help', () => {
    expect(summarize(base([-0.008], [0, 0, 0]))).toMatch(/^does not help: at best −0\.8 ± 0\.\d points at ratio 1; synthetic only/);
  });

  it('states no spread for a single seed', () => {
    const realOnly = armResult([t(800, 1000)]);
    const mixed = [mixedResult(5, 5, [t(826, 1000)], realOnly)];
    const s = summarize({ realOnly, realPlusSynthetic: mixed, perClass: [], syntheticOnly: { ...armResult([t(850, 1000)]), samples: 5000 },
      recommendedRatio: 5, test: { datasetId: 'd', versionId: 'v', count: 1000, source: 'dataset', halfWidth95: 0.025 } });
    expect(s).toBe('helps +2.6 points at ratio 5 (one seed); synthetic only 85.0% vs real only 80.0%');
  });

  it('ends with what augmented copies of the real images gave instead, when that arm was evaluated', () => {
    const r = base([-0.004, -0.006], [0, 0, 0]);
    const baseline = { ...mixedResult(2, 2, [t(800 + 13 - 4, 1000), t(810 + 13 + 4, 1000)], r.realOnly), kind: 'shift-flip' as const, perClass: [0.8, 0.8, 0.8] };
    expect(summarize({ ...r, baseline })).toMatch(/^does not help: at best −0\.4 ± 0\.\d points at ratio 1; synthetic only 63\.0% vs real only 80\.5%; augmented copies of the real images instead: \+1\.3 ± 0\.6 points at ratio 2$/);
    expect(summarize(r)).not.toMatch(/augmented/);
  });

  it('names the ratio actually used when the batches were too small for the one asked', () => {
    const realOnly = armResult([t(800, 1000)]);
    const mixed = [mixedResult(5, 0.4, [t(790, 1000)], realOnly)];
    const baseline = { ...mixedResult(5, 0.4, [t(805, 1000)], realOnly), kind: 'shift' as const, perClass: [] };
    const s = summarize({ realOnly, realPlusSynthetic: mixed, perClass: [], syntheticOnly: { ...armResult([t(600, 1000)]), samples: 400 }, baseline,
      recommendedRatio: null, test: { datasetId: 'd', versionId: 'v', count: 1000, source: 'dataset', halfWidth95: 0.025 } });
    expect(s).toBe('does not help: at best −1.0 points at ratio 5 (0.40 used: too few samples; one seed); synthetic only 60.0% vs real only 80.0%; '
      + 'augmented copies of the real images instead: +0.5 points at ratio 5 (0.40 used: too few samples; one seed)');
  });

  it('never prints −0.0', () => {
    expect(summarize(base([-0.0004], [0, 0, 0]))).toMatch(/^does not help: at best \+0\.0 ± /);
  });

  it('says when a gain is inside the noise of a small test set', () => {
    const r = base([0.004], [0, 0, 0]);
    r.test.halfWidth95 = 0.2;
    expect(summarize(r)).toMatch(/^no clear effect: \+0\.4 ± \d\.\d points at ratio 1 \(within the noise\); /);
  });
});

describe('default steps', () => {
  it('follow the largest arm, within 100 and 2,000', () => {
    // 100 real + 500 synthetic per class, ratio 5: largest arm 6,000 images → 16 passes of 64 → 1,500
    expect(defaultSteps(1000, 5000, 5)).toBe(1500);
    // 20 synthetic per class: largest arm 1,200 → 300
    expect(defaultSteps(1000, 200, 5)).toBe(300);
    // ratio 1 only: the synthetic-only arm (5,000) is larger than real + as many synthetic (2,000) → 1,250
    expect(defaultSteps(1000, 5000, 1)).toBe(1250);
    expect(defaultSteps(1000, 1000, 1)).toBe(500);
    expect(defaultSteps(24, 18, 2)).toBe(100);
    expect(defaultSteps(50_000, 250_000, 5)).toBe(2000);
  });
});
