import type { Sampler, StoredTensors } from '../model';
import { disposeParams, loadedParams } from '../params';
import { buildUNet, unetShape } from './networks';
import { ddimSample } from './schedule';
import type { DiffusionRunConfig } from './spec';

/** Images per U-Net pass when sampling: bounds the activations (two copies of each with guidance). */
const CHUNK = 128;

/**
 * The sampler of a checkpoint's `ema/…` or `net/…` (raw) weights. Its "noise" is the starting image x_T itself
 * (R·R·C numbers), and DDIM is deterministic, so a sample is a function of its noise and class alone: seeds,
 * truncation and latent walks work as for a GAN.
 */
export function loadDiffusionSampler(cfg: DiffusionRunConfig, classes: number, weights: StoredTensors, which: 'ema' | 'raw'): Sampler {
  const s = unetShape(cfg, classes);
  const params = loadedParams(buildUNet(s, cfg.seed), which === 'ema' ? 'ema' : 'net', weights);
  const frame = s.side * s.side * s.channels;
  return {
    zDim: frame, bnReference: 1, resolution: s.side, channels: s.channels,
    async generate(z, labels) {
      const out = new Float32Array(labels.length * frame);
      for (let start = 0; start < labels.length; start += CHUNK) {
        const end = Math.min(labels.length, start + CHUNK);
        out.set(await ddimSample(s, params, z.subarray(start * frame, end * frame), labels.subarray(start, end), { guidance: cfg.guidance, steps: cfg.sampleSteps }), start * frame);
      }
      return out;
    },
    dispose: () => disposeParams(params),
  };
}
