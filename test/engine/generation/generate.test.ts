import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { generateFrozen, computeFrozenStats, disposeFrozenStats } from '../../../src-main/engine/generation/frozen-forward';
import { loadGeneratorModel, regenerateSample } from '../../../src-main/engine/generation/generate-batch';
import { sampleLatent } from '../../../src-main/engine/generation/latents';
import { generate } from '../../../src-main/engine/models/cgan-networks';
import type { CganRunConfig } from '../../../src-main/shared/domain/run-config';
import { useTempDirs } from '../../helpers/temp-dir';
import { setupGenerationHome } from './generation-fixture';

beforeAll(async () => {
  await resolveBackend({ force: 'wasm' });
});

describe('generation', () => {
  const tempDir = useTempDirs();

  it('a sample regenerated alone from its recorded (checkpoint, weights, seed, class, index) has the same bytes', async () => {
    const h = await setupGenerationHome(tempDir());
    const batch = await h.generate({ perClass: 70, seed: 9, truncation: 0.7 });
    expect(batch).toMatchObject({ status: 'completed', count: 210, checkpointStep: 4, weights: 'ema', seed: 9, truncation: 0.7 });
    expect(batch.recipe).toMatchObject({ chunk: 64, tfjs: tf.version.tfjs, backend: expect.any(String) });
    const { samples } = await h.samples['samples.list']({ batchId: batch.batchId, classIndex: 2, offset: 66, limit: 1 });
    const s = samples[0]!;
    expect(s).toMatchObject({ classIndex: 2, sampleIndex: 66, kept: true });
    const before = tf.memory().numTensors;
    const model = await loadGeneratorModel(h.run.runDir, h.run.config as CganRunConfig, 3, batch.checkpointStep, batch.weights);
    const again = regenerateSample(model, batch.seed, s.classIndex, s.sampleIndex, batch.truncation);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(again.equals(readFileSync(join(h.home, s.path)))).toBe(true);
  });

  it('cancel keeps the samples made so far; the job continues where it stopped', async () => {
    const h = await setupGenerationHome(tempDir());
    const stopped = await h.generate({ perClass: 130, seed: 1 }, { stopAfter: 2 });
    expect(stopped.status).toBe('stopped');
    expect(stopped.count).toBe(128);
    expect((await h.samples['samples.list']({ batchId: stopped.batchId, offset: 0, limit: 1000 })).total).toBe(128);
    const first = (await h.samples['samples.list']({ batchId: stopped.batchId, offset: 0, limit: 1000 })).samples.map((s) => s.sha256);
    const resumed = await h.runJob(stopped.batchId);
    expect(resumed).toMatchObject({ status: 'completed', count: 390 });
    const all = (await h.samples['samples.list']({ batchId: stopped.batchId, offset: 0, limit: 1000 })).samples;
    expect(all.slice(0, 128).map((s) => s.sha256)).toEqual(first);
    // The same batch made in one go holds the same bytes.
    const straight = await h.generate({ perClass: 130, seed: 1 });
    const again = (await h.samples['samples.list']({ batchId: straight.batchId, offset: 0, limit: 1000 })).samples.map((s) => s.sha256);
    expect(again).toEqual(all.map((s) => s.sha256));
  });

  it('truncation bounds every latent component; frozen BatchNorm matches training BN on the reference batch', async () => {
    for (let i = 0; i < 50; i++) expect(Math.max(...sampleLatent(3, 1, i, 64, 0.5).map(Math.abs))).toBeLessThanOrEqual(0.5);
    expect(sampleLatent(3, 1, 4, 8, null)).toEqual(sampleLatent(3, 1, 4, 8, null));
    expect(sampleLatent(3, 1, 4, 8, null)).not.toEqual(sampleLatent(3, 2, 4, 8, null));
    const h = await setupGenerationHome(tempDir());
    const model = await loadGeneratorModel(h.run.runDir, h.run.config as CganRunConfig, 3, 4, 'raw');
    const z = tf.randomNormal([256, 8], 0, 1, 'float32', 1) as tf.Tensor2D;
    const labels = tf.tensor1d(Array.from({ length: 256 }, (_, i) => i % 3), 'int32');
    const own = computeFrozenStats(model.arch, model.params);
    const viaTrain = generate(model.arch, model.params, z, labels);
    // Stats of this very batch reproduce training-mode output closely (same layers, same weight names).
    // Reference stats differ from this batch's only by sampling noise.
    const frozen = generateFrozen(model.arch, model.params, own, z, labels);
    expect(tf.max(tf.abs(tf.sub(frozen, viaTrain))).dataSync()[0]).toBeLessThan(0.25);
    tf.dispose([z, labels, viaTrain, frozen]);
    disposeFrozenStats(own);
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
