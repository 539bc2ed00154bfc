import { Rng } from '../training/rng';
import { covariance, matMul, meanVector, sqrtPsd, symmetricEigen } from './linalg';

/** Feature vectors (one Float32Array of width d per image) and their class indices. */
export interface FeatureSet {
  rows: Float32Array[];
  labels: Int32Array;
  d: number;
}

const dist2 = (a: Float32Array, b: Float32Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const t = a[i]! - b[i]!;
    s += t * t;
  }
  return s;
};
export const dist = (a: Float32Array, b: Float32Array): number => Math.sqrt(dist2(a, b));

/**
 * Fréchet distance between Gaussians fitted to two feature sets (Heusel et al. 2017, "FID" in Inception space):
 * |μ₁ − μ₂|² + Tr(Σ₁ + Σ₂ − 2 (Σ₁ Σ₂)^½). Tr (Σ₁Σ₂)^½ is taken as Σ √λ of the symmetric Σ₁^½ Σ₂ Σ₁^½.
 */
export function frechetDistance(a: readonly Float32Array[], b: readonly Float32Array[], d: number): number {
  const muA = meanVector(a, d), muB = meanVector(b, d);
  const cA = covariance(a, d, muA), cB = covariance(b, d, muB);
  const s = sqrtPsd(cA, d);
  const { values } = symmetricEigen(matMul(matMul(s, cB, d), s, d), d);
  let meanTerm = 0, trace = 0, cross = 0;
  for (let i = 0; i < d; i++) {
    meanTerm += (muA[i]! - muB[i]!) ** 2;
    trace += cA[i * d + i]! + cB[i * d + i]!;
    cross += Math.sqrt(Math.max(0, values[i]!));
  }
  return Math.max(0, meanTerm + trace - 2 * cross);
}

/**
 * Kernel Inception Distance (Bińkowski et al. 2018) in our feature space: the unbiased MMD² with the cubic
 * polynomial kernel k(x, y) = (x·y / d + 1)³, averaged over `subsets` random subsets of `size` per side.
 */
export function kernelDistance(a: readonly Float32Array[], b: readonly Float32Array[], d: number,
  opts: { subsets?: number; size?: number; seed?: number } = {}): number {
  const m = Math.min(opts.size ?? 500, a.length, b.length);
  if (m < 2) return Number.NaN;
  const rng = new Rng(opts.seed ?? 0, 31);
  const k = (x: Float32Array, y: Float32Array): number => {
    let s = 0;
    for (let i = 0; i < d; i++) s += x[i]! * y[i]!;
    return (s / d + 1) ** 3;
  };
  const subsets = opts.subsets ?? 10;
  let total = 0;
  for (let t = 0; t < subsets; t++) {
    const x = sampleWithoutReplacement(a, m, rng), y = sampleWithoutReplacement(b, m, rng);
    let kxx = 0, kyy = 0, kxy = 0;
    for (let i = 0; i < m; i++) {
      for (let j = i + 1; j < m; j++) {
        kxx += k(x[i]!, x[j]!);
        kyy += k(y[i]!, y[j]!);
      }
      for (let j = 0; j < m; j++) kxy += k(x[i]!, y[j]!);
    }
    total += (2 * kxx) / (m * (m - 1)) + (2 * kyy) / (m * (m - 1)) - (2 * kxy) / (m * m);
  }
  return total / subsets;
}

/** `n` distinct items of `xs` chosen with `rng` (all of them, in a shuffled order, when n ≥ length). */
export function sampleWithoutReplacement<T>(xs: readonly T[], n: number, rng: Rng): T[] {
  const idx = xs.map((_, i) => i);
  const take = Math.min(n, xs.length);
  for (let i = 0; i < take; i++) {
    const j = i + rng.int(idx.length - i);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, take).map((i) => xs[i]!);
}

/** Distance from each row to its k-th nearest other row of the same set (the k-NN radius). */
export function knnRadii(rows: readonly Float32Array[], k: number): Float64Array {
  const out = new Float64Array(rows.length);
  const ds = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    rows.forEach((o, j) => (ds[j] = i === j ? Number.POSITIVE_INFINITY : dist2(r, o)));
    out[i] = Math.sqrt(ds.slice().sort()[Math.min(k, rows.length - 1) - 1]!);
  });
  return out;
}

/** Fraction of `queries` that fall inside at least one ball (centre `refs[i]`, radius `radii[i]`). */
function coverage(queries: readonly Float32Array[], refs: readonly Float32Array[], radii: Float64Array): number {
  let inside = 0;
  for (const q of queries) if (refs.some((r, i) => dist(q, r) <= radii[i]!)) inside++;
  return queries.length === 0 ? Number.NaN : inside / queries.length;
}

/**
 * Improved precision and recall (Kynkäänniemi et al. 2019): the real manifold is the union of balls reaching each
 * real feature's k-th nearest real neighbour; precision = share of synthetic features inside it. Recall swaps the
 * roles. Both sides are subsampled to the same size (≤ `max`), since a larger set covers more by itself.
 */
export function precisionRecall(real: readonly Float32Array[], synth: readonly Float32Array[],
  opts: { k?: number; max?: number; seed?: number } = {}): { precision: number; recall: number } {
  const n = Math.min(real.length, synth.length, opts.max ?? 1500);
  const k = opts.k ?? 3;
  if (n <= k) return { precision: Number.NaN, recall: Number.NaN };
  const rng = new Rng(opts.seed ?? 0, 37);
  const r = sampleWithoutReplacement(real, n, rng), s = sampleWithoutReplacement(synth, n, rng);
  return { precision: coverage(s, r, knnRadii(r, k)), recall: coverage(r, s, knnRadii(s, k)) };
}

/** Mean distance over all pairs of distinct rows (0 for fewer than 2); at most `max` rows, drawn with `rng`. */
export function meanPairwiseDistance(rows: readonly Float32Array[], rng: Rng, max = 300): number {
  const xs = rows.length > max ? sampleWithoutReplacement(rows, max, rng) : rows;
  if (xs.length < 2) return 0;
  let s = 0;
  for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) s += dist(xs[i]!, xs[j]!);
  return s / ((xs.length * (xs.length - 1)) / 2);
}

/**
 * Within-class diversity of synthetic features as a ratio to the real ones': per class, mean pairwise distance of
 * synthetic ÷ of real; `ratio` is the mean over classes that have ≥ 2 of each. 1 = as varied as the real images;
 * a class drawn as one garment over and over gives ≈ 0.
 */
export function diversityRatio(real: FeatureSet, synth: FeatureSet, classes: number, seed = 0): { ratio: number; perClass: (number | null)[] } {
  const rng = new Rng(seed, 41);
  const perClass: (number | null)[] = [];
  for (let c = 0; c < classes; c++) {
    const r = real.rows.filter((_, i) => real.labels[i] === c), s = synth.rows.filter((_, i) => synth.labels[i] === c);
    const dr = meanPairwiseDistance(r, rng);
    perClass.push(r.length >= 2 && s.length >= 2 && dr > 0 ? meanPairwiseDistance(s, rng) / dr : null);
  }
  const known = perClass.filter((x): x is number => x !== null);
  return { ratio: known.length ? known.reduce((a, b) => a + b, 0) / known.length : Number.NaN, perClass };
}

/**
 * Memorisation check: each synthetic feature's distance to its nearest real (training) feature, against the real
 * images' own nearest-other-real distance. `ratio` = mean nearest-real of synthetic ÷ mean nearest-other of real:
 * near 1 for new images like the real ones, ≪ 1 when samples copy training images. `copies` = share of synthetic
 * samples nearer to a real image than the 5th percentile of the real images' nearest-other distances.
 */
export function memorization(real: readonly Float32Array[], synth: readonly Float32Array[], seed = 0, max = 2000):
  { nearestReal: number; realToReal: number; ratio: number; copies: number } {
  const rng = new Rng(seed, 43);
  const s = synth.length > max ? sampleWithoutReplacement(synth, max, rng) : synth;
  const nearest = (q: Float32Array, skip: Float32Array | null): number => {
    let best = Number.POSITIVE_INFINITY;
    for (const r of real) if (r !== skip) best = Math.min(best, dist2(q, r));
    return Math.sqrt(best);
  };
  const realNn = real.length > 1 ? real.map((r) => nearest(r, r)).sort((a, b) => a - b) : [];
  const synthNn = s.map((q) => nearest(q, null));
  const avg = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
  const p5 = realNn.length ? realNn[Math.floor(0.05 * (realNn.length - 1))]! : Number.NaN;
  const realToReal = avg(realNn), nearestReal = avg(synthNn);
  return {
    nearestReal, realToReal, ratio: realToReal > 0 ? nearestReal / realToReal : Number.NaN,
    copies: synthNn.length ? synthNn.filter((x) => x < p5).length / synthNn.length : Number.NaN,
  };
}
