import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { regenerateSample } from '../../../src-main/engine/generation/generate-batch';
import { listRejects } from '../../../src-main/engine/generation/filter/filter-repo';
import { loadSampler } from '../../../src-main/engine/generation/load-sampler';
import { DEFAULT_FILTER, DEFAULT_MIN_CONFIDENCE, FILTER_MAX_DRAW_FACTOR } from '../../../src-main/shared/domain/sample';
import { useTempDirs } from '../../helpers/temp-dir';
import { setupGenerationHome } from './generation-fixture';

beforeAll(async () => {
  await resolveBackend({ force: 'wasm' });
});

type Home = Awaited<ReturnType<typeof setupGenerationHome>>;
const keptOf = async (h: Home, batchId: string) => (await h.samples['samples.list']({ batchId, offset: 0, limit: 1000 })).samples;

describe('classifier filter at generation', () => {
  const tempDir = useTempDirs();

  it('keeps exactly N per class, records every reject with its reason and latent index, and reuses the cached classifier', async () => {
    const h = await setupGenerationHome(tempDir());
    const tensors = tf.memory().numTensors;
    const batch = await h.generate({ perClass: 5, seed: 2, filter: true, minConfidence: 0.5 });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(batch).toMatchObject({ status: 'completed', count: 15 });
    expect(batch.classes.map((c) => c.count)).toEqual([5, 5, 5]);
    const f = batch.filter!;
    expect(f).toMatchObject({ minConfidence: 0.5, maxDrawFactor: FILTER_MAX_DRAW_FACTOR, kept: 15 });
    expect(f.classifier).toMatchObject({ cached: false, trainCount: 24, heldOutAccuracy: null, steps: 200, backend: 'wasm' });
    const rejects = listRejects(h.db, batch.batchId);
    const kept = await keptOf(h, batch.batchId);
    expect(kept).toHaveLength(15);
    // Counts follow the rows: drawn = kept + rejected, per reason.
    expect(f.drawn).toBe(15 + f.rejected.lowConfidence + f.rejected.nearDuplicate);
    expect(rejects.filter((r) => !r.keptToFill)).toHaveLength(f.rejected.lowConfidence + f.rejected.nearDuplicate);
    expect(rejects.length).toBeGreaterThan(0);
    for (const r of rejects) {
      if (r.reason === 'low_confidence') expect(r.confidence).toBeLessThan(0.5);
      else expect(r).toMatchObject({ reason: 'near_duplicate', duplicateOf: expect.any(Number), distance: expect.any(Number) });
    }
    // A latent index is either kept or rejected, never both (unless kept to fill), and the drawn indices have no gap.
    for (const c of [0, 1, 2]) {
      const k = kept.filter((s) => s.classIndex === c).map((s) => s.sampleIndex);
      const r = rejects.filter((x) => x.classIndex === c && !x.keptToFill).map((x) => x.sampleIndex);
      expect([...k, ...r].sort((a, b) => a - b)).toEqual(Array.from({ length: k.length + r.length }, (_, i) => i));
    }
    // A kept sample still regenerates from (seed, class, index).
    const s = kept.at(-1)!;
    const model = await loadSampler(h.run, batch.checkpointStep, batch.weights);
    const again = await regenerateSample(model, batch.seed, s.classIndex, s.sampleIndex, batch.truncation);
    model.dispose();
    expect(again.equals(readFileSync(join(h.home, s.path)))).toBe(true);
    // The second filtered batch reuses the classifier: same key, and the same seed keeps the same samples.
    const second = await h.generate({ perClass: 5, seed: 2, filter: true, minConfidence: 0.5 });
    expect(second.filter!.classifier).toMatchObject({ cached: true, key: f.classifier!.key });
    expect(tf.memory().numTensors).toBe(tensors);
    expect((await keptOf(h, second.batchId)).map((x) => x.sha256)).toEqual(kept.map((x) => x.sha256));
  }, 180_000);

  it('after 20×N draws with too few passing, keeps the N most confident and warns; never fails or returns fewer', async () => {
    const h = await setupGenerationHome(tempDir());
    const batch = await h.generate({ perClass: 2, seed: 4, filter: true, minConfidence: 0.999999 });
    expect(batch).toMatchObject({ status: 'completed', count: 6 });
    const f = batch.filter!;
    expect(f.drawn).toBe(3 * FILTER_MAX_DRAW_FACTOR * 2);
    expect(f.filled).toBeGreaterThan(0);
    expect(f.warnings.some((w) => /most confident of the rest were kept to reach 2/.test(w))).toBe(true);
    // Zero passing is no failure either: the class still gets its N, with the warning saying none passed.
    expect(f.warnings.some((w) => /: none of 40 drawn samples passed the filter/.test(w))).toBe(true);
    const rejects = listRejects(h.db, batch.batchId);
    const kept = await keptOf(h, batch.batchId);
    for (const c of [0, 1, 2]) {
      const filled = rejects.filter((r) => r.classIndex === c && r.keptToFill);
      const left = rejects.filter((r) => r.classIndex === c && !r.keptToFill);
      // The ones kept to fill are the most confident of the rejects of their class.
      for (const x of filled) for (const y of left) expect(x.confidence).toBeGreaterThanOrEqual(y.confidence);
      for (const x of filled) expect(kept.some((s) => s.classIndex === c && s.sampleIndex === x.sampleIndex)).toBe(true);
    }
  }, 180_000);

  it('a stop keeps whole chunks only, and the resumed job ends with the same samples as one run', async () => {
    const h = await setupGenerationHome(tempDir());
    const straight = await h.generate({ perClass: 4, seed: 6, filter: true, minConfidence: 0.4 });
    // The classifier is cached now: the first progress report is the first chunk's.
    const stopped = await h.generate({ perClass: 4, seed: 6, filter: true, minConfidence: 0.4 }, { stopAfter: 1 });
    expect(stopped.status).toBe('stopped');
    expect(stopped.count).toBeLessThan(12);
    expect(stopped.filter!.drawn).toBe(stopped.count + stopped.filter!.rejected.lowConfidence + stopped.filter!.rejected.nearDuplicate);
    const resumed = await h.runJob(stopped.batchId);
    expect(resumed).toMatchObject({ status: 'completed', count: 12 });
    const pick = (xs: { classIndex: number; sampleIndex: number; sha256: string }[]) => xs.map((x) => `${x.classIndex}/${x.sampleIndex}/${x.sha256}`);
    expect(pick(await keptOf(h, resumed.batchId))).toEqual(pick(await keptOf(h, straight.batchId)));
    expect(listRejects(h.db, resumed.batchId)).toEqual(listRejects(h.db, straight.batchId));
  }, 180_000);

  it('a batch larger than the classifier sees (64 px) is judged on its images resized to 32 px, as the evaluator does', async () => {
    const h = await setupGenerationHome(tempDir(), { resolution: 64 });
    const batch = await h.generate({ perClass: 2, seed: 5, filter: true, minConfidence: 0.4 });
    expect(batch).toMatchObject({ status: 'completed', count: 6, resolution: 64 });
    expect(batch.filter!.drawn).toBe(6 + batch.filter!.rejected.lowConfidence + batch.filter!.rejected.nearDuplicate);
    // Near-duplicate rejects name a kept sample of their class: the resized features were compared.
    const kept = await keptOf(h, batch.batchId);
    for (const r of listRejects(h.db, batch.batchId).filter((x) => x.reason === 'near_duplicate')) {
      expect(kept.some((s) => s.classIndex === r.classIndex && s.sampleIndex === r.duplicateOf)).toBe(true);
    }
  }, 180_000);

  it('with the filter off a batch is made as before: no filter record, dense sample indices', async () => {
    const h = await setupGenerationHome(tempDir());
    const batch = await h.generate({ perClass: 3, seed: 1, filter: false });
    expect(batch.filter).toBeNull();
    expect((await keptOf(h, batch.batchId)).map((s) => s.sampleIndex)).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2]);
    expect(listRejects(h.db, batch.batchId)).toEqual([]);
  }, 60_000);

  it('without the flag the filter is on (DEFAULT_FILTER) at the default bar', async () => {
    expect(DEFAULT_FILTER).toBe(true);
    const h = await setupGenerationHome(tempDir());
    const batch = await h.generate({ perClass: 3, seed: 1 });
    expect(batch.filter).toMatchObject({ minConfidence: DEFAULT_MIN_CONFIDENCE, kept: 9 });
    expect(batch.count).toBe(9);
    expect(batch.filter!.drawn).toBe(9 + batch.filter!.rejected.lowConfidence + batch.filter!.rejected.nearDuplicate);
  }, 60_000);

  it('bad input: a bar outside (0, 1), a bar without the filter', async () => {
    const h = await setupGenerationHome(tempDir());
    for (const minConfidence of [0, 1, 1.5, -0.2]) {
      await expect(h.samples['samples.generate']({ runId: h.run.runId, checkpoint: 'latest', weights: 'ema', perClass: 2, filter: true, minConfidence }))
        .rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/--min-confidence must be above 0 and below 1/) });
    }
    await expect(h.samples['samples.generate']({ runId: h.run.runId, checkpoint: 'latest', weights: 'ema', perClass: 2, filter: false, minConfidence: 0.9 }))
      .rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/add --filter/) });
  });
});
