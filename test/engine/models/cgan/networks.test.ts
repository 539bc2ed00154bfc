import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../../src-main/engine/compute/resolve-backend';
import { cganArch } from '../../../../src-main/engine/models/cgan/arch';
import { buildDiscriminator, buildGenerator, discriminate, generate } from '../../../../src-main/engine/models/cgan/networks';
import { CGAN_RESOLUTIONS } from '../../../../src-main/engine/models/cgan/spec';
import { countParams, disposeParams, type Params } from '../../../../src-main/engine/models/params';

beforeAll(async () => {
  await resolveBackend();
});

const inputs = (B: number, zDim: number, classes: number) => ({
  z: tf.randomNormal([B, zDim], 0, 1, 'float32', 7) as tf.Tensor2D,
  labels: tf.tensor1d(Array.from({ length: B }, (_, i) => i % classes), 'int32'),
});

describe('conditional DCGAN builders', () => {
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

  it('architecture per resolution: G\'s first map and depths, D\'s depths (w = width)', () => {
    const arch = (resolution: 28 | 32 | 64 | 128) => cganArch({ resolution, channels: 1, classes: 2, width: 8, zDim: 8, embDim: 5, dHead: 'projection' });
    expect([28, 32, 64, 128].map((r) => { const a = arch(r as 28); return [a.baseSide, a.genChannels, a.discChannels]; })).toEqual([
      [7, [16, 8], [8, 16]], [4, [32, 16, 8], [8, 16, 32]], [8, [32, 16, 8], [8, 16, 32]], [8, [64, 32, 16, 8], [8, 16, 32, 64]]]);
  });

  it('D\'s class head: projection holds one row per class as long as the features; the label channel an embedding and a map', () => {
    const proj = cganArch({ resolution: 28, channels: 1, classes: 3, width: 4, zDim: 8, embDim: 5, dHead: 'projection' });
    const chan = { ...proj, dHead: 'label-channel' as const };
    const dp = buildDiscriminator(proj, 1), dc = buildDiscriminator(chan, 1);
    expect(dp['proj']!.shape).toEqual([3, 7 * 7 * 8]);
    expect([dp['emb'], dp['labelMap.kernel']]).toEqual([undefined, undefined]);
    expect([dc['emb']!.shape, dc['labelMap.kernel']!.shape, dc['conv0.filter']!.shape]).toEqual([[3, 5], [5, 28 * 28], [4, 4, 2, 4]]);
    expect(dc['proj']).toBeUndefined();
    expect(countParams(dc) - countParams(dp)).toBe(3 * 5 + 5 * 784 + 784 + 4 * 4 * 4 - 3 * 7 * 7 * 8);
    [dp, dc].forEach(disposeParams);
  });
});
