import { describe, expect, it } from 'vitest';
import {
  diversityRatio, frechetDistance, kernelDistance, meanPairwiseDistance, memorization, precisionRecall,
} from '../../../src-main/engine/evaluation/feature-metrics';
import { covariance, meanVector, sqrtPsd, symmetricEigen } from '../../../src-main/engine/evaluation/linalg';
import { mean, sd, signTestP, wilson } from '../../../src-main/engine/evaluation/stats';
import { Rng } from '../../../src-main/engine/training/rng';

const v = (...xs: number[]): Float32Array => Float32Array.from(xs);

describe('stats', () => {
  it('mean and sample sd by hand', () => {
    expect(mean([2, 4, 4, 4, 5, 5, 7, 9])).toBe(5);
    // Σ(x−5)² = 32, n−1 = 7
    expect(sd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(sd([0.8])).toBe(0);
  });

  it('Wilson interval matches the textbook values', () => {
    // 8 of 10 at z = 1.96: centre (0.8 + 0.19208) / 1.38416 = 0.71678, half 0.23605 → [0.4902, 0.9433]
    const w = wilson(8, 10);
    expect(w.lo).toBeCloseTo(0.4902, 3);
    expect(w.hi).toBeCloseTo(0.9433, 3);
    // 100 test images are much less precise than 10,000
    const small = wilson(80, 100), large = wilson(8000, 10000);
    expect(small.hi - small.lo).toBeGreaterThan(0.15);
    expect(large.hi - large.lo).toBeLessThan(0.02);
  });

  it('the exact sign test matches the binomial sums, also for thousands of images', () => {
    // 2 · Σ_{i ≤ k} C(n, i) / 2^n, computed exactly with integers elsewhere
    expect(signTestP(6, 0)).toBeCloseTo(0.03125, 12);
    expect(signTestP(0, 5)).toBeCloseTo(0.0625, 12);
    expect(signTestP(60, 40)).toBeCloseTo(0.0568879336, 9);
    expect(signTestP(412, 380)).toBeCloseTo(0.2706523132, 8);
    expect(signTestP(3000, 2800)).toBeCloseTo(0.0089694360, 8);
    expect(signTestP(0, 0)).toBe(1);
    expect(signTestP(50, 50)).toBe(1);
  });
});

describe('linear algebra', () => {
  it('eigen-decomposes a symmetric matrix', () => {
    // [[2, 1], [1, 2]] has eigenvalues 1 and 3
    const { values } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect([...values].sort()).toEqual([expect.closeTo(1, 10), expect.closeTo(3, 10)]);
  });

  it('square root of a PSD matrix squares back', () => {
    const a = Float64Array.from([4, 2, 0, 2, 3, 1, 0, 1, 2]);
    const s = sqrtPsd(a, 3);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      let x = 0;
      for (let k = 0; k < 3; k++) x += s[i * 3 + k]! * s[k * 3 + j]!;
      expect(x).toBeCloseTo(a[i * 3 + j]!, 9);
    }
  });

  it('covariance by hand', () => {
    const rows = [v(1, 2), v(3, 6)];
    const mu = meanVector(rows, 2);
    expect([...mu]).toEqual([2, 4]);
    // deviations (−1, −2), (1, 2): Σ = [[2, 4], [4, 8]] / (n − 1 = 1)
    expect([...covariance(rows, 2, mu)]).toEqual([2, 4, 4, 8]);
  });
});

describe('Fréchet distance', () => {
  it('is 0 for the same set and |Δμ|² for a shifted copy', () => {
    const a = [v(0, 0), v(1, 0), v(0, 1), v(1, 1)];
    expect(frechetDistance(a, a, 2)).toBeCloseTo(0, 9);
    const b = a.map((x) => v(x[0]! + 3, x[1]! + 4));
    expect(frechetDistance(a, b, 2)).toBeCloseTo(25, 9);
  });

  it('matches the closed form for diagonal covariances: Σ(σa − σb)²', () => {
    // set a: x ∈ {−1, 1} (var 4/3 with n−1), set b: x ∈ {−2, 2} (var 16/3); one dimension each side
    const a = [v(-1), v(1), v(-1), v(1)], b = [v(-2), v(2), v(-2), v(2)];
    const sa = Math.sqrt(4 / 3), sb = Math.sqrt(16 / 3);
    expect(frechetDistance(a, b, 1)).toBeCloseTo((sa - sb) ** 2, 9);
  });
});

describe('KID', () => {
  it('is near 0 for two draws of one distribution and large for different ones', () => {
    const rng = new Rng(1, 1);
    const draw = (shift: number) => Array.from({ length: 200 }, () => v(rng.normal() + shift, rng.normal(), rng.normal()));
    const same = kernelDistance(draw(0), draw(0), 3, { subsets: 5, size: 100 });
    const apart = kernelDistance(draw(0), draw(2), 3, { subsets: 5, size: 100 });
    // MMD² estimates scatter around 0 for equal distributions (it is unbiased, so it can go negative)
    expect(Math.abs(same)).toBeLessThan(apart / 20);
    expect(apart).toBeGreaterThan(3);
  });

  it('unbiased MMD² by hand on two points a side', () => {
    // d = 1, k(x, y) = (xy + 1)³; X = {0, 1}, Y = {0, 2}: k(0,1) = 1, k(0,2) = 1, cross 1,1,1,27
    // MMD² = 2·1/2 + 2·1/2 − 2·(1 + 1 + 1 + 27)/4 = 1 + 1 − 15 = −13
    expect(kernelDistance([v(0), v(1)], [v(0), v(2)], 1, { subsets: 1, size: 2 })).toBeCloseTo(-13, 9);
  });
});

describe('precision and recall (k-NN manifolds)', () => {
  it('by hand on a line', () => {
    // real 0, 1, 2, 3 (k = 1: each radius 1) covers [−1, 4]; synthetic 0.5, 1.5, 2.5, 10: precision 3/4.
    // synthetic radii (k = 1): 1, 1, 1, 7.5 → the ball around 10 reaches 2.5, so every real point is covered: recall 1.
    const real = [v(0), v(1), v(2), v(3)], synth = [v(0.5), v(1.5), v(2.5), v(10)];
    const pr = precisionRecall(real, synth, { k: 1 });
    expect(pr.precision).toBe(0.75);
    expect(pr.recall).toBe(1);
  });

  it('a set of one repeated point has recall ≈ 0', () => {
    const rng = new Rng(2, 1);
    const real = Array.from({ length: 100 }, () => v(rng.normal(), rng.normal()));
    const synth = Array.from({ length: 100 }, () => v(0.1, 0.1));
    const pr = precisionRecall(real, synth, { k: 3 });
    expect(pr.precision).toBe(1);
    expect(pr.recall).toBeLessThan(0.05);
  });
});

describe('diversity and memorisation', () => {
  it('mean pairwise distance by hand', () => {
    // (0,0), (3,4), (6,8): distances 5, 10, 5 → 20/3
    expect(meanPairwiseDistance([v(0, 0), v(3, 4), v(6, 8)], new Rng(0, 0))).toBeCloseTo(20 / 3, 6);
  });

  it('ratio 0.5 for a class drawn at half the spread, 0 for one repeated image', () => {
    const real = { rows: [v(0, 0), v(2, 0), v(0, 0), v(0, 2)], labels: Int32Array.from([0, 0, 1, 1]), d: 2 };
    const half = { rows: [v(0, 0), v(1, 0), v(0, 0), v(0, 1)], labels: Int32Array.from([0, 0, 1, 1]), d: 2 };
    const same = { rows: [v(1, 1), v(1, 1), v(5, 5), v(5, 5)], labels: Int32Array.from([0, 0, 1, 1]), d: 2 };
    expect(diversityRatio(real, half, 2).ratio).toBeCloseTo(0.5, 9);
    expect(diversityRatio(real, same, 2)).toEqual({ ratio: 0, perClass: [0, 0] });
  });

  it('copies of real images give a nearest-real ratio of 0', () => {
    const real = [v(0, 0), v(1, 0), v(0, 1), v(1, 1)];
    const m = memorization(real, [v(0, 0), v(1, 1)]);
    expect(m.ratio).toBe(0);
    expect(m.copies).toBe(1);
    // new points halfway between real ones: nearest real 0.5 vs real-to-real 1
    expect(memorization(real, [v(0.5, 0), v(0, 0.5)]).ratio).toBeCloseTo(0.5, 6);
  });
});
