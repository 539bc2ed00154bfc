import { ApiError } from '../../shared/api/errors';
import type { RunSummary } from '../../shared/domain/run';
import type { WeightsKind } from '../../shared/domain/sample';
import { encodePng } from '../datasets/png-encode';
import type { Sampler } from '../models/model';
import { sampleLatent } from './latents';
import { loadSampler, toUint8 } from './load-sampler';

/**
 * Latent exploration for the UI: images only (base64 PNG), no database rows. BatchNorm statistics are frozen,
 * so each image depends on its own latent only and the walk is smooth.
 */
async function withModel<T>(run: RunSummary, step: number, weights: WeightsKind, fn: (m: Sampler) => Promise<T>): Promise<T> {
  const model = await loadSampler(run, step, weights);
  try {
    return await fn(model);
  } finally {
    model.dispose();
  }
}

async function render(model: Sampler, z: Float32Array, classIndex: number): Promise<string[]> {
  const { zDim, resolution: R, channels: C } = model;
  const B = z.length / zDim;
  const px = toUint8(await model.generate(z, new Int32Array(B).fill(classIndex)));
  const frame = R * R * C;
  return Array.from({ length: B }, (_, i) => encodePng(px.subarray(i * frame, (i + 1) * frame), R, R, C).toString('base64'));
}

/** `steps` images along the spherical path from seed A's latent to seed B's (sample 0 of each), one class. */
export function interpolateSeeds(run: RunSummary, o: { step: number; weights: WeightsKind; classIndex: number; seedA: number; seedB: number;
  steps: number; truncation: number | null }): Promise<string[]> {
  return withModel(run, o.step, o.weights, (m) => {
    const zd = m.zDim;
    const a = sampleLatent(o.seedA, o.classIndex, 0, zd, o.truncation), b = sampleLatent(o.seedB, o.classIndex, 0, zd, o.truncation);
    const na = Math.hypot(...a), nb = Math.hypot(...b);
    const omega = Math.acos(Math.max(-1, Math.min(1, a.reduce((s, v, k) => s + v * b[k]!, 0) / (na * nb))));
    const z = new Float32Array(o.steps * zd);
    for (let s = 0; s < o.steps; s++) {
      const t = s / (o.steps - 1);
      // slerp keeps the latent's norm where a Gaussian puts it; lerp would pass through low-norm latents.
      const [wa, wb] = omega < 1e-6 ? [1 - t, t] : [Math.sin((1 - t) * omega) / Math.sin(omega), Math.sin(t * omega) / Math.sin(omega)];
      for (let k = 0; k < zd; k++) z[s * zd + k] = wa * a[k]! + wb * b[k]!;
    }
    return render(m, z, o.classIndex);
  });
}

/** One sample's latent with dimension `dim` set to each of `values` in turn. */
export function varyDimension(run: RunSummary, o: { step: number; weights: WeightsKind; classIndex: number; seed: number; sampleIndex: number;
  dim: number; values: number[] }): Promise<string[]> {
  return withModel(run, o.step, o.weights, (m) => {
    const zd = m.zDim;
    if (o.dim >= zd) throw new ApiError('bad_input', `dim ${o.dim} is outside the latent: run ${run.runId} has ${zd} dimensions (0–${zd - 1})`);
    const base = sampleLatent(o.seed, o.classIndex, o.sampleIndex, zd, null);
    const z = new Float32Array(o.values.length * zd);
    o.values.forEach((v, s) => {
      z.set(base, s * zd);
      z[s * zd + o.dim] = v;
    });
    return render(m, z, o.classIndex);
  });
}
