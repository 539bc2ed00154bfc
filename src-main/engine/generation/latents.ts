import { Rng } from '../training/rng';

/** Name of the latent recipe, recorded with every batch (change it if the recipe below ever changes). */
export const LATENT_RNG = 'sfc32-boxmuller-fnv1a(seed,class)/index';

/** 32-bit FNV-1a of (seed, class): the per-class stream key, so classes never share latents. */
function classKey(seed: number, classIndex: number): number {
  let h = 0x811c9dc5;
  for (const v of [seed >>> 0, classIndex >>> 0]) {
    for (let k = 0; k < 4; k++) h = Math.imul(h ^ ((v >>> (8 * k)) & 255), 0x01000193) >>> 0;
  }
  return h;
}

/**
 * The latent of sample `index` of class `classIndex` in a batch seeded `seed`: zDim standard normals, each
 * redrawn while |z| > ψ when a truncation ψ is given (a truncated normal). A pure function of its inputs, so
 * one sample can be regenerated without the others.
 */
export function sampleLatent(seed: number, classIndex: number, index: number, zDim: number, truncation: number | null, out?: Float32Array): Float32Array {
  const z = out ?? new Float32Array(zDim);
  const rng = new Rng(classKey(seed, classIndex), index);
  for (let k = 0; k < zDim; k++) {
    let v = rng.normal();
    // ψ ≥ 0.05 keeps the acceptance rate above 4%; the contract bounds ψ > 0.
    if (truncation !== null) while (Math.abs(v) > truncation) v = rng.normal();
    z[k] = v;
  }
  return z;
}

/** Latents of samples [from, from + count) of one class, packed [count, zDim]. */
export function chunkLatents(seed: number, classIndex: number, from: number, count: number, zDim: number, truncation: number | null): Float32Array {
  const z = new Float32Array(count * zDim);
  for (let i = 0; i < count; i++) sampleLatent(seed, classIndex, from + i, zDim, truncation, z.subarray(i * zDim, (i + 1) * zDim));
  return z;
}
