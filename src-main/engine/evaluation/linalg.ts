/**
 * The little linear algebra the Fréchet distance needs, on row-major Float64Arrays of small square matrices
 * (the feature width, 64): means, covariances, a symmetric eigen-decomposition (cyclic Jacobi).
 */

/** Column means of `rows` (n vectors of width d). */
export function meanVector(rows: readonly Float32Array[], d: number): Float64Array {
  const m = new Float64Array(d);
  for (const r of rows) for (let j = 0; j < d; j++) m[j]! += r[j]!;
  for (let j = 0; j < d; j++) m[j]! /= Math.max(1, rows.length);
  return m;
}

/** Sample covariance (n − 1), d × d row-major. */
export function covariance(rows: readonly Float32Array[], d: number, mu: Float64Array): Float64Array {
  const c = new Float64Array(d * d);
  const x = new Float64Array(d);
  for (const r of rows) {
    for (let j = 0; j < d; j++) x[j] = r[j]! - mu[j]!;
    for (let i = 0; i < d; i++) {
      const xi = x[i]!;
      if (xi === 0) continue;
      for (let j = i; j < d; j++) c[i * d + j]! += xi * x[j]!;
    }
  }
  const div = Math.max(1, rows.length - 1);
  for (let i = 0; i < d; i++) for (let j = i; j < d; j++) {
    c[i * d + j]! /= div;
    c[j * d + i] = c[i * d + j]!;
  }
  return c;
}

/** a · b for d × d matrices. */
export function matMul(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let k = 0; k < d; k++) {
    const aik = a[i * d + k]!;
    if (aik === 0) continue;
    for (let j = 0; j < d; j++) out[i * d + j]! += aik * b[k * d + j]!;
  }
  return out;
}

/**
 * Eigen-decomposition of a symmetric d × d matrix by cyclic Jacobi rotations: `values[i]` with eigenvector
 * column i of `vectors` (row-major). Accurate to ~1e-12 relative for the well-scaled covariances used here.
 */
export function symmetricEigen(matrix: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0, diag = 0;
    for (let i = 0; i < d; i++) {
      diag += a[i * d + i]! ** 2;
      for (let j = i + 1; j < d; j++) off += a[i * d + j]! ** 2;
    }
    if (off <= 1e-24 * Math.max(diag, 1e-300)) break;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) {
      const apq = a[p * d + q]!;
      if (Math.abs(apq) < 1e-300) continue;
      const theta = (a[q * d + q]! - a[p * d + p]!) / (2 * apq);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1), s = t * c;
      for (let k = 0; k < d; k++) { // rotate columns p, q
        const akp = a[k * d + p]!, akq = a[k * d + q]!;
        a[k * d + p] = c * akp - s * akq;
        a[k * d + q] = s * akp + c * akq;
      }
      for (let k = 0; k < d; k++) { // rotate rows p, q
        const apk = a[p * d + k]!, aqk = a[q * d + k]!;
        a[p * d + k] = c * apk - s * aqk;
        a[q * d + k] = s * apk + c * aqk;
      }
      for (let k = 0; k < d; k++) {
        const vkp = v[k * d + p]!, vkq = v[k * d + q]!;
        v[k * d + p] = c * vkp - s * vkq;
        v[k * d + q] = s * vkp + c * vkq;
      }
    }
  }
  const values = new Float64Array(d);
  for (let i = 0; i < d; i++) values[i] = a[i * d + i]!;
  return { values, vectors: v };
}

/** The PSD square root of a symmetric PSD matrix (negative eigenvalues from rounding clipped to 0). */
export function sqrtPsd(matrix: Float64Array, d: number): Float64Array {
  const { values, vectors } = symmetricEigen(matrix, d);
  const out = new Float64Array(d * d);
  for (let k = 0; k < d; k++) {
    const s = Math.sqrt(Math.max(0, values[k]!));
    if (s === 0) continue;
    for (let i = 0; i < d; i++) {
      const vik = vectors[i * d + k]! * s;
      if (vik === 0) continue;
      for (let j = 0; j < d; j++) out[i * d + j]! += vik * vectors[j * d + k]!;
    }
  }
  return out;
}
