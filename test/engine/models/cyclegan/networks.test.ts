import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../../src-main/engine/compute/resolve-backend';
import { buildPatchDiscriminator, buildResnetGenerator, cycleganArch, runDiscriminator, runGenerator } from '../../../../src-main/engine/models/cyclegan/networks';
import { CYCLEGAN_DEFAULTS, cycleganResBlocks, cycleganSpec, type CycleganRunConfig } from '../../../../src-main/engine/models/cyclegan/spec';
import { disposeParams, type Params } from '../../../../src-main/engine/models/params';

beforeAll(async () => {
  await resolveBackend();
});

/** The four networks of a CycleGAN config (as the trainer builds them), and how to free them. */
function buildCyclegan(o: Partial<CycleganRunConfig>) {
  const cfg = { ...CYCLEGAN_DEFAULTS, ...o };
  const arch = cycleganArch(cfg);
  const nets: Record<'gA2B' | 'gB2A' | 'dA' | 'dB', Params> = {
    gA2B: buildResnetGenerator(arch, cfg.seed, 'gA2B'), gB2A: buildResnetGenerator(arch, cfg.seed, 'gB2A'),
    dA: buildPatchDiscriminator(arch, cfg.seed, 'dA'), dB: buildPatchDiscriminator(arch, cfg.seed, 'dB'),
  };
  return { arch, nets, dispose: () => Object.values(nets).forEach(disposeParams) };
}

describe('CycleGAN networks', () => {
  it('residual blocks: 6 at 64 and 128 px, 9 at 256 px, unless set', () => {
    expect(([64, 128, 256] as const).map((resolution) => cycleganResBlocks({ resolution, resBlocks: 0 }))).toEqual([6, 6, 9]);
    expect(cycleganResBlocks({ resolution: 256, resBlocks: 3 })).toBe(3);
  });

  for (const discriminator of ['patch70', 'patch38'] as const) {
    it(`tiny ${discriminator}: generator keeps the shape in [-1, 1], D gives a patch map; no leaks`, () => {
      const m = buildCyclegan({ resolution: 32, channels: 3, width: 4, discWidth: 4, resBlocks: 1, discriminator });
      const before = tf.memory().numTensors;
      const [y, s] = tf.tidy(() => {
        const x = tf.randomUniform([2, 32, 32, 3], -1, 1, 'float32', 1) as tf.Tensor4D;
        const out = runGenerator(m.arch, m.nets.gA2B!, x);
        return [out, runDiscriminator(m.arch, m.nets.dA!, out)];
      });
      expect(y!.shape).toEqual([2, 32, 32, 3]);
      expect(Math.max(...Array.from(y!.dataSync(), Math.abs))).toBeLessThanOrEqual(1);
      expect(s!.shape).toEqual(discriminator === 'patch70' ? [2, 2, 2, 1] : [2, 4, 4, 1]);
      tf.dispose([y!, s!]);
      expect(tf.memory().numTensors).toBe(before);
      m.dispose();
    });
  }

  it('the quick preset builds the benchmark\'s cyclegan64 shape: ngf 32, 3 blocks, ndf 64, patch38 → an 8×8 patch map at 64 px', () => {
    const m = buildCyclegan({ ...cycleganSpec.presets.quick!.values, channels: 3 });
    expect(m.arch).toEqual({ resolution: 64, channels: 3, ngf: 32, resBlocks: 3, ndf: 64, discriminator: 'patch38' });
    const s = tf.tidy(() => runDiscriminator(m.arch, m.nets.dB, runGenerator(m.arch, m.nets.gA2B, tf.zeros([1, 64, 64, 3]))));
    expect(s.shape).toEqual([1, 8, 8, 1]);
    s.dispose();
    m.dispose();
  });

  it('weights are seeded by name: same seed, same weights; the two generators differ', () => {
    const cfg = { resolution: 32, width: 4, discWidth: 4, resBlocks: 1, seed: 9 } as const;
    const a = buildCyclegan(cfg), b = buildCyclegan(cfg), c = buildCyclegan({ ...cfg, seed: 10 });
    const va = a.nets.gA2B!['stem.filter']!.dataSync(), vb = b.nets.gA2B!['stem.filter']!.dataSync();
    expect(Array.from(va)).toEqual(Array.from(vb));
    expect(Array.from(a.nets.gB2A!['stem.filter']!.dataSync())).not.toEqual(Array.from(va));
    expect(Array.from(c.nets.gA2B!['stem.filter']!.dataSync())).not.toEqual(Array.from(va));
    [a, b, c].forEach((m) => m.dispose());
  });
});
