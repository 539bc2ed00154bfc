import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { regenerateSample } from '../../../src-main/engine/generation/generate-batch';
import { sampleLatent } from '../../../src-main/engine/generation/latents';
import { loadSampler } from '../../../src-main/engine/generation/load-sampler';
import { cganArch } from '../../../src-main/engine/models/cgan/arch';
import { buildGenerator, generate } from '../../../src-main/engine/models/cgan/networks';
import type { CganRunConfig } from '../../../src-main/engine/models/cgan/spec';
import { assignStored, disposeParams, prefixed } from '../../../src-main/engine/models/params';
import { readCheckpointWeights } from '../../../src-main/engine/training/checkpoint';
import { useTempDirs } from '../../helpers/temp-dir';
import { setupGenerationHome } from './generation-fixture';

beforeAll(async () => {
  await resolveBackend({ force: 'wasm' });
});

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

describe('generation', () => {
  const tempDir = useTempDirs();

  it('a sample regenerated alone from its recorded (checkpoint, weights, seed, class, index) has the same bytes', async () => {
    const h = await setupGenerationHome(tempDir());
    const batch = await h.generate({ perClass: 70, seed: 9, truncation: 0.7, filter: false });
    expect(batch).toMatchObject({ status: 'completed', count: 210, checkpointStep: 4, weights: 'ema', seed: 9, truncation: 0.7 });
    expect(batch.recipe).toMatchObject({ chunk: 64, tfjs: tf.version.tfjs, backend: expect.any(String) });
    const { samples } = await h.samples['samples.list']({ batchId: batch.batchId, classIndex: 2, offset: 66, limit: 1 });
    const s = samples[0]!;
    expect(s).toMatchObject({ classIndex: 2, sampleIndex: 66, kept: true });
    const before = tf.memory().numTensors;
    const model = await loadSampler(h.run, batch.checkpointStep, batch.weights);
    const again = await regenerateSample(model, batch.seed, s.classIndex, s.sampleIndex, batch.truncation);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(again.equals(readFileSync(join(h.home, s.path)))).toBe(true);
  });

  it('cancel keeps the samples made so far; the job continues where it stopped', async () => {
    const h = await setupGenerationHome(tempDir());
    const stopped = await h.generate({ perClass: 130, seed: 1, filter: false }, { stopAfter: 2 });
    expect(stopped.status).toBe('stopped');
    expect(stopped.count).toBe(128);
    expect((await h.samples['samples.list']({ batchId: stopped.batchId, offset: 0, limit: 1000 })).total).toBe(128);
    const first = (await h.samples['samples.list']({ batchId: stopped.batchId, offset: 0, limit: 1000 })).samples.map((s) => s.sha256);
    const resumed = await h.runJob(stopped.batchId);
    expect(resumed).toMatchObject({ status: 'completed', count: 390 });
    const all = (await h.samples['samples.list']({ batchId: stopped.batchId, offset: 0, limit: 1000 })).samples;
    expect(all.slice(0, 128).map((s) => s.sha256)).toEqual(first);
    // The same batch made in one go holds the same bytes.
    const straight = await h.generate({ perClass: 130, seed: 1, filter: false });
    const again = (await h.samples['samples.list']({ batchId: straight.batchId, offset: 0, limit: 1000 })).samples.map((s) => s.sha256);
    expect(again).toEqual(all.map((s) => s.sha256));
  });

  it('truncation bounds every latent component; frozen BatchNorm matches training BN on the reference batch', async () => {
    for (let i = 0; i < 50; i++) expect(Math.max(...sampleLatent(3, 1, i, 64, 0.5).map(Math.abs))).toBeLessThanOrEqual(0.5);
    expect(sampleLatent(3, 1, 4, 8, null)).toEqual(sampleLatent(3, 1, 4, 8, null));
    expect(sampleLatent(3, 1, 4, 8, null)).not.toEqual(sampleLatent(3, 2, 4, 8, null));
    const h = await setupGenerationHome(tempDir());
    const model = await loadSampler(h.run, 4, 'raw');
    // The same raw weights in training mode: BatchNorm over the batch's own statistics.
    const cfg = h.run.config as unknown as CganRunConfig;
    const arch = cganArch({ ...cfg, classes: 3 });
    const g = buildGenerator(arch, 0);
    assignStored(prefixed('g', g), await readCheckpointWeights(h.run.runDir, 4));
    const zs = tf.randomNormal([256, 8], 0, 1, 'float32', 1) as tf.Tensor2D;
    const z = await zs.data() as Float32Array;
    const labels = Int32Array.from({ length: 256 }, (_, i) => i % 3);
    const viaTrain = tf.tidy(() => generate(arch, g, zs, tf.tensor1d(labels, 'int32')));
    // Frozen reference statistics differ from this batch's own only by sampling noise.
    const frozen = await model.generate(z, labels);
    const trained = await viaTrain.data();
    expect(maxAbsDiff(frozen, trained)).toBeLessThan(0.25);
    // A sample is a function of its own latent and class: alone it comes out as it did in the batch of 256 (to float
    // rounding: another batch size may sum in another order). Training-mode BatchNorm of one image would not.
    const frame = 28 * 28;
    const alone = await model.generate(z.subarray(8, 16), labels.subarray(1, 2));
    expect(maxAbsDiff(alone, frozen.subarray(frame, 2 * frame))).toBeLessThan(1e-5);
    tf.dispose([zs, viaTrain]);
    disposeParams(g);
    model.dispose();
  });

  it('gallery: kept flags, counts real vs synthetic, nearest real images, latent walks', async () => {
    const h = await setupGenerationHome(tempDir());
    const batch = await h.generate({ perClass: 4, classes: ['circle', 'bar'] });
    expect(batch.classes.map((c) => [c.name, c.count])).toEqual([['bar', 4], ['circle', 4]]);
    const { samples } = await h.samples['samples.list']({ batchId: batch.batchId, offset: 0, limit: 200 });
    expect((await h.samples['samples.setKept']({ sampleIds: [samples[0]!.sampleId], kept: false })).updated).toBe(1);
    const counts = (await h.samples['samples.counts']({ batchId: batch.batchId })).classes;
    expect(counts).toEqual([{ index: 0, name: 'bar', real: 8, synthetic: 3 }, { index: 1, name: 'circle', real: 8, synthetic: 4 }]);
    const near = (await h.samples['samples.nearestReal']({ sampleId: samples[5]!.sampleId, k: 3, sameClass: true })).neighbours;
    expect(near).toHaveLength(3);
    expect(near.every((n) => n.className === 'circle' && n.distance >= 0)).toBe(true);
    expect(near[0]!.distance).toBeLessThanOrEqual(near[2]!.distance);
    const walk = await h.samples['samples.interpolate']({ runId: h.run.runId, class: 'circle', seedA: 1, seedB: 2, steps: 4, checkpoint: 'latest', weights: 'ema', truncation: null });
    expect(walk.images).toHaveLength(4);
    const vary = await h.samples['samples.varyDim']({ runId: h.run.runId, class: 'bar', seed: 1, sampleIndex: 0, dim: 3, values: [-2, 0, 2], checkpoint: 'latest', weights: 'ema' });
    expect(vary.images).toHaveLength(3);
    await expect(h.samples['samples.varyDim']({ runId: h.run.runId, class: 'bar', seed: 1, sampleIndex: 0, dim: 99, values: [1], checkpoint: 'latest', weights: 'ema' }))
      .rejects.toMatchObject({ code: 'bad_input' });
  });
});
