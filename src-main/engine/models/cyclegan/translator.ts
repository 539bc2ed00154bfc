import * as tf from '@tensorflow/tfjs';
import { readPixels } from '../grads';
import type { StoredTensors, Translator } from '../model';
import { assignStored, disposeParams, prefixed } from '../params';
import { buildResnetGenerator, cycleganArch, runGenerator } from './networks';
import type { CycleganRunConfig } from './spec';

/** Both generators of a checkpoint (any kept step, full or not): `a2b` runs gA2B, `b2a` gB2A. */
export function loadCycleganTranslator(cfg: CycleganRunConfig, weights: StoredTensors): Translator {
  const arch = cycleganArch(cfg);
  const nets = { gA2B: buildResnetGenerator(arch, cfg.seed, 'gA2B'), gB2A: buildResnetGenerator(arch, cfg.seed, 'gB2A') };
  try {
    assignStored({ ...prefixed('gA2B', nets.gA2B), ...prefixed('gB2A', nets.gB2A) }, weights);
  } catch (err) {
    Object.values(nets).forEach(disposeParams);
    throw err;
  }
  const R = cfg.resolution, C = cfg.channels;
  return {
    resolution: R, channels: C,
    async translate(x, n, direction) {
      const g = direction === 'a2b' ? nets.gA2B : direction === 'b2a' ? nets.gB2A : null;
      if (!g) throw new Error(`CycleGAN translates a2b or b2a, not '${direction}'`);
      return readPixels(tf.tidy(() => runGenerator(arch, g, tf.tensor4d(x, [n, R, R, C]))));
    },
    dispose: () => Object.values(nets).forEach(disposeParams),
  };
}
