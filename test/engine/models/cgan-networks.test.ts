import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCganDiscriminator, buildCganGenerator, CGAN28, CGAN64, discriminate as benchD, generate as benchG, discriminatorVariables, generatorVariables } from '../../../src-main/engine/bench/networks/cgan';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { cganArch, countParams, disposeParams, type Params } from '../../../src-main/engine/models/cgan-arch';
import { buildDiscriminator, buildGenerator, discriminate, generate } from '../../../src-main/engine/models/cgan-networks';
import { MODELS } from '../../../src-main/engine/models';
import { CGAN_RESOLUTIONS } from '../../../src-main/shared/domain/run-config';

beforeAll(async () => {
  await resolveBackend();
});

const inputs = (B: number, zDim: number, classes: number) => ({
  z: tf.randomNormal([B, zDim], 0, 1, 'float32', 7) as tf.Tensor2D,
  labels: tf.tensor1d(Array.from({ length: B }, (_, i) => i % classes), 'int32'),
});

describe('conditional DCGAN builders', () => {
  it('registry entry names its losses and samples', () => {
    expect(MODELS.cgan.lossNames).toEqual(['lossD', 'lossG', 'dReal', 'dFake', 'gradNormD', 'gradNormG']);
    expect(MODELS.cgan.sampleNames).toEqual(['grid']);
    expect(Object.keys(MODELS.cgan.presets)).toEqual(['quick', 'balanced', 'best']);
  });

  for (const resolution of CGAN_RESOLUTIONS) {
    for (const channels of [1, 3] as const) {
      for (const dHead of ['projection', 'label-channel'] as const) {
        it(`${resolution}px × ${channels} channel(s), ${dHead}: G → [B, R, R, C] in [-1, 1], D → [B, 1] logits`, () => {
          const arch = cganArch({ resolution, channels, classes: 3, width: 4, zDim: 8, embDim: 5, dHead });
          const g = buildGenerator(arch, 1), d = buildDiscriminator(arch, 1);
          const before = tf.memory().numTensors;
          tf.tidy(() => {
            const { z, labels } = inputs(2, 8, 3);
            const img = generate(arch, g, z, labels);
            expect(img.shape).toEqual([2, resolution, resolution, channels]);
            const v = img.dataSync();
            expect(Math.max(...v)).toBeLessThanOrEqual(1);
            expect(Math.min(...v)).toBeGreaterThanOrEqual(-1);
            const logits = discriminate(arch, d, img, labels);
            expect(logits.shape).toEqual([2, 1]);
            expect(Array.from(logits.dataSync()).every(Number.isFinite)).toBe(true);
          });
          expect(tf.memory().numTensors).toBe(before);
          disposeParams(g);
          disposeParams(d);
        });
      }
    }
  }

  it('seeded initialisation: the same seed gives the same weights, another seed others', () => {
    const arch = cganArch({ resolution: 28, channels: 1, classes: 2, width: 4, zDim: 8, embDim: 5, dHead: 'projection' });
    const values = (p: Params) => Object.keys(p).sort().map((k) => Array.from(p[k]!.dataSync()));
    const a = buildGenerator(arch, 42), b = buildGenerator(arch, 42), c = buildGenerator(arch, 43);
    expect(values(a)).toEqual(values(b));
    expect(Array.from(a['fc.kernel']!.dataSync())).not.toEqual(Array.from(c['fc.kernel']!.dataSync()));
    // Each variable has its own seed: two layers of one network do not start alike.
    expect(Array.from(a['up0.filter']!.dataSync()).slice(0, 8)).not.toEqual(Array.from(a['out.filter']!.dataSync()).slice(0, 8));
    [a, b, c].forEach(disposeParams);
  });

  for (const [name, bench] of [['cgan28', CGAN28], ['cgan64', CGAN64]] as const) {
    it(`the label-channel variant at width 64 is the benchmark's ${name}: same parameters, same outputs`, () => {
      const arch = cganArch({ resolution: bench.size, channels: bench.channels, classes: 10, width: 64, zDim: 100, embDim: 50, dHead: 'label-channel' });
      const g = buildGenerator(arch, 3), d = buildDiscriminator(arch, 3);
      const bg = buildCganGenerator(bench), bd = buildCganDiscriminator(bench);
      expect(countParams(g)).toBe(generatorVariables(bg).reduce((n, v) => n + v.size, 0));
      expect(countParams(d)).toBe(discriminatorVariables(bd).reduce((n, v) => n + v.size, 0));
      // Copy our weights into the benchmark's networks, then both must compute the same function.
      bg.emb.assign(g['emb']!); bg.fc.kernel.assign(g['fc.kernel']!); bg.fc.bias.assign(g['fc.bias']!);
      bg.ups.forEach((u, i) => {
        u.convT.filter.assign(g[`up${i}.filter`]!); u.convT.bias.assign(g[`up${i}.bias`]!);
        u.bn.gamma.assign(g[`up${i}.gamma`]!); u.bn.beta.assign(g[`up${i}.beta`]!);
      });
      bg.out.filter.assign(g['out.filter']!); bg.out.bias.assign(g['out.bias']!);
      bd.emb.assign(d['emb']!); bd.labelMap.kernel.assign(d['labelMap.kernel']!); bd.labelMap.bias.assign(d['labelMap.bias']!);
      bd.convs.forEach((c, i) => { c.filter.assign(d[`conv${i}.filter`]!); c.bias.assign(d[`conv${i}.bias`]!); });
      bd.out.kernel.assign(d['out.kernel']!); bd.out.bias.assign(d['out.bias']!);
      tf.tidy(() => {
        const { z, labels } = inputs(2, 100, 10);
        const ours = generate(arch, g, z, labels), theirs = benchG(bg, z, labels);
        expect(tf.max(tf.abs(tf.sub(ours, theirs))).dataSync()[0]).toBeLessThan(1e-5);
        const dOurs = discriminate(arch, d, ours, labels), dTheirs = benchD(bd, ours, labels);
        expect(tf.max(tf.abs(tf.sub(dOurs, dTheirs))).dataSync()[0]).toBeLessThan(1e-4);
      });
      [g, d].forEach(disposeParams);
      tf.dispose([...generatorVariables(bg), ...discriminatorVariables(bd)]);
    });
  }
});
