import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPatchDiscriminator as benchD, buildResnetGenerator as benchG, CYCLEGAN64, patchDiscriminatorVariables,
  resnetGeneratorVariables } from '../../../src-main/engine/bench/networks/cyclegan';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { MODELS } from '../../../src-main/engine/models';
import { disposeParams } from '../../../src-main/engine/models/cgan-arch';
import { buildCyclegan } from '../../../src-main/engine/models/cyclegan-model';
import { benchDiscriminatorView, benchGeneratorView, runDiscriminator, runGenerator } from '../../../src-main/engine/models/cyclegan-networks';
import { cycleganResBlocks, resolveCycleganConfig } from '../../../src-main/shared/domain/cyclegan-config';

beforeAll(async () => {
  await resolveBackend();
});

const shapesOf = (vs: tf.Variable[]): string[] => vs.map((v) => v.shape.join('x')).sort();

describe('CycleGAN networks', () => {
  it('are in the model registry with their loss and sample names', () => {
    expect(MODELS.cyclegan.lossNames).toEqual(['gA2B', 'gB2A', 'dA', 'dB', 'cycleA', 'cycleB', 'idtA', 'idtB']);
    expect(MODELS.cyclegan.sampleNames).toEqual(['panel']);
    expect(Object.keys(MODELS.cyclegan.presets)).toEqual(['quick', 'balanced', 'best']);
  });

  it('residual blocks: 6 at 64 and 128 px, 9 at 256 px, unless set', () => {
    expect(([64, 128, 256] as const).map((resolution) => cycleganResBlocks({ resolution, resBlocks: 0 }))).toEqual([6, 6, 9]);
    expect(cycleganResBlocks({ resolution: 256, resBlocks: 3 })).toBe(3);
  });

  for (const discriminator of ['patch70', 'patch38'] as const) {
    it(`tiny ${discriminator}: generator keeps the shape in [-1, 1], D gives a patch map; no leaks`, () => {
      const m = buildCyclegan(resolveCycleganConfig(undefined, { resolution: 32, channels: 3, width: 4, discWidth: 4, resBlocks: 1, discriminator }));
      const before = tf.memory().numTensors;
      const [y, s] = tf.tidy(() => {
        const x = tf.randomUniform([2, 32, 32, 3], -1, 1, 'float32', 1) as tf.Tensor4D;
        const out = runGenerator(m.arch, m.nets.gA2B!, x);
        return [out, runDiscriminator(m.arch, m.nets.dA!, out)];
      });
      expect(y!.shape).toEqual([2, 32, 32, 3]);
      expect(Math.max(...Array.from(y!.dataSync()).map(Math.abs))).toBeLessThanOrEqual(1);
      expect(s!.shape).toEqual(discriminator === 'patch70' ? [2, 2, 2, 1] : [2, 4, 4, 1]);
      tf.dispose([y!, s!]);
      expect(tf.memory().numTensors).toBe(before);
      m.dispose();
    });
  }

  it('the quick preset is the bench cyclegan64 network: same parameter shapes, and the forward is the bench function', () => {
    const m = buildCyclegan(resolveCycleganConfig('quick', { channels: 3 }));
    expect(m.arch).toMatchObject({ resolution: CYCLEGAN64.size, ngf: CYCLEGAN64.ngf, resBlocks: CYCLEGAN64.resBlocks, ndf: CYCLEGAN64.ndf, discriminator: 'patch38' });
    const bg = benchG(CYCLEGAN64), bd = benchD(CYCLEGAN64);
    expect(shapesOf(Object.values(m.nets.gA2B!))).toEqual(shapesOf(resnetGeneratorVariables(bg)));
    expect(shapesOf(Object.values(m.nets.dA!))).toEqual(shapesOf(patchDiscriminatorVariables(bd)));
    // the views expose our named variables in the bench's structure, in the bench's variable order
    expect(shapesOf(resnetGeneratorVariables(benchGeneratorView(m.arch, m.nets.gA2B!)))).toEqual(shapesOf(resnetGeneratorVariables(bg)));
    expect(patchDiscriminatorVariables(benchDiscriminatorView(m.nets.dA!)).map((v) => v.shape)).toEqual(patchDiscriminatorVariables(bd).map((v) => v.shape));
    const s = tf.tidy(() => runDiscriminator(m.arch, m.nets.dB!, runGenerator(m.arch, m.nets.gA2B!, tf.zeros([1, 64, 64, 3]))));
    expect(s.shape).toEqual([1, 8, 8, 1]);
    s.dispose();
    [...resnetGeneratorVariables(bg), ...patchDiscriminatorVariables(bd)].forEach((v) => v.dispose());
    m.dispose();
  });

  it('weights are seeded by name: same seed, same weights; the two generators differ', () => {
    const cfg = resolveCycleganConfig(undefined, { resolution: 32, width: 4, discWidth: 4, resBlocks: 1, seed: 9 });
    const a = buildCyclegan(cfg), b = buildCyclegan(cfg);
    const va = a.nets.gA2B!['stem.filter']!.dataSync(), vb = b.nets.gA2B!['stem.filter']!.dataSync();
    expect(Array.from(va)).toEqual(Array.from(vb));
    expect(Array.from(a.nets.gB2A!['stem.filter']!.dataSync())).not.toEqual(Array.from(va));
    [a, b].forEach((m) => m.dispose());
    expect(typeof disposeParams).toBe('function');
  });
});
