import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { importDataset } from '../../../src-main/engine/datasets';
import { countEvaluationRows } from '../../../src-main/engine/evaluation/evaluations-repo';
import { createEvaluationsHandlers } from '../../../src-main/engine/evaluation/evaluations-service';
import { runEvaluate } from '../../../src-main/engine/evaluation/run-evaluate';
import { getJob, insertJob, setStatus } from '../../../src-main/engine/jobs/jobs-repo';
import type { EvaluateInput, Evaluation } from '../../../src-main/shared/domain/evaluation';
import { ApiError } from '../../../src-main/shared/api/errors';
import { setupGenerationHome } from '../generation/generation-fixture';
import { fakeContext } from '../training/run-fixture';
import { writeShapesFolder } from '../training/shapes-dataset';
import { useTempDirs } from '../../helpers/temp-dir';

beforeAll(async () => {
  await resolveBackend({ force: 'wasm' });
});

async function setup(root: string) {
  const g = await setupGenerationHome(root, { perClass: 8 });
  const batch = await g.generate({ perClass: 6, seed: 3 });
  // A labeled test set with the same three classes (circle, square, bar), imported as its own dataset.
  await importDataset(g.db, g.home, { folder: await writeShapesFolder(join(root, 'shapes-test'), 4, 3), kind: 'labeled', name: 'shapes-test', holdoutFraction: 0 });
  const handlers = createEvaluationsHandlers({
    db: g.db,
    enqueue: (kind, params, totalSteps) => insertJob(g.db, { jobId: randomUUID().slice(0, 8), kind, params, totalSteps }),
    control: (jobId) => getJob(g.db, jobId)!,
  });
  /** Queues an evaluation through the service and runs its job here, as the worker would. */
  async function evaluate(input: EvaluateInput, o: { stopAfter?: number } = {}) {
    const queued = await handlers['evaluations.create'](input as Parameters<typeof handlers['evaluations.create']>[0]);
    const f = fakeContext(g.home, queued.evaluationId, o);
    f.ctx.params = getJob(g.db, queued.evaluationId)!.params;
    const outcome = await runEvaluate(f.ctx);
    setStatus(g.db, queued.evaluationId, outcome.status);
    return { outcome, evaluation: (await handlers['evaluations.get']({ evaluationId: queued.evaluationId })) as Evaluation, f };
  }
  const refused = async (input: EvaluateInput): Promise<ApiError> => {
    try {
      await handlers['evaluations.create'](input as Parameters<typeof handlers['evaluations.create']>[0]);
    } catch (err) {
      return err as ApiError;
    }
    throw new Error('expected the evaluation to be refused');
  };
  return { ...g, batch, handlers, evaluate, refused };
}

describe('evaluate job', () => {
  const tempDir = useTempDirs();

  it('trains every arm for the same steps, stores the result with its links, and leaks no tensor', async () => {
    const s = await setup(tempDir());
    const before = tf.memory().numTensors;
    const { outcome, evaluation, f } = await s.evaluate({ batchIds: [s.batch.batchId], dataset: 'shapes', test: 'shapes-test', ratios: [1, 2], seeds: 2, steps: 4 });
    expect(tf.memory().numTensors).toBe(before);
    expect(outcome.status).toBe('completed');
    // 2 seeds × (real only, ×1, ×2, synthetic only, augmented copies) × 4 steps; ×2 has no more samples than ×1,
    // so it is not trained again: its 4 steps are reported at once
    const steps = f.losses.map((l) => l.step);
    expect(steps.at(-1)).toBe(40);
    expect(steps).toHaveLength(2 * (4 * 4 + 1));
    const r = evaluation.result!;
    expect(evaluation.status).toBe('completed');
    expect(evaluation.batches).toEqual([{ batchId: s.batch.batchId, runId: s.run.runId, checkpointStep: 4 }]);
    expect(evaluation.seeds).toEqual([1, 2]);
    expect(evaluation.evaluator).toMatchObject({ version: 2, batch: 64, resolution: 28, channels: 1, backend: 'wasm' });
    expect(r.test).toMatchObject({ source: 'dataset', count: 12 });
    expect(r.realOnly.accs).toHaveLength(2);
    expect(r.realPlusSynthetic.map((m) => m.ratio)).toEqual([1, 2]);
    // 6 synthetic per class for 8 real: ratio 1 takes 6 (all there is), ratio 2 too → both stated
    expect(r.realPlusSynthetic.map((m) => m.actualRatio)).toEqual([0.75, 0.75]);
    expect(r.notes.join(' ')).toMatch(/ratio 2: the batches hold too few samples/);
    expect(r.notes.join(' ')).toMatch(/ratio 2 trains on the same images as ratio 1/);
    expect(r.realPlusSynthetic[1]!.accs).toEqual(r.realPlusSynthetic[0]!.accs);
    expect(r.notes.join(' ')).toMatch(/only 12 images/);
    expect(r.syntheticOnly.samples).toBe(18);
    // the reference arm (default: shifts and mirror) adds as many augmented real images as the largest ratio took samples
    expect(r.baseline).toMatchObject({ kind: 'shift-flip', ratio: 2, actualRatio: 0.75 });
    expect(r.baseline!.accs).toHaveLength(2);
    expect(r.baseline!.perClass).toHaveLength(3);
    expect(r.baseline!.gain).toBeCloseTo(r.baseline!.accMean - r.realOnly.accMean, 12);
    // ratio 2 gets 0.75 of a synthetic image per real one (the batch is small): the sentence says so
    expect(r.summary).toMatch(/augmented copies of the real images instead: [+−]\d+\.\d ± \d+\.\d points at ratio 2 \(\d\.\d\d used: too few samples\)$/);
    for (const m of r.realPlusSynthetic) expect(m.gain).toBeCloseTo(m.accMean - r.realOnly.accMean, 12);
    // the paired test counts test images (12), each once however many seeds; its p is a sign test's
    for (const m of [...r.realPlusSynthetic, r.baseline!]) {
      expect(m.better! + m.worse!).toBeLessThanOrEqual(12);
      expect(m.pValue).toBeGreaterThan(0);
      expect(m.pValue).toBeLessThanOrEqual(1);
    }
    expect(r.realPlusSynthetic[1]).toMatchObject({ better: r.realPlusSynthetic[0]!.better, worse: r.realPlusSynthetic[0]!.worse });
    expect(r.perClass.map((c) => c.name)).toEqual(['bar', 'circle', 'square']);
    // confusion matrices hold every test image once per seed
    const total = (m: number[][]) => m.flat().reduce((a, b) => a + b, 0);
    expect(total(r.confusion.realOnly)).toBe(24);
    expect(total(r.confusion.syntheticOnly)).toBe(24);
    expect(r.quality.featureSpace).toMatch(/penultimate layer/);
    expect(r.summary).toMatch(/synthetic only/);
    expect(countEvaluationRows(s.db, evaluation.evaluationId)).toBe(2);
    expect((await s.handlers['evaluations.list']({ batchId: s.batch.batchId })).evaluations.map((e) => e.evaluationId)).toEqual([evaluation.evaluationId]);
  }, 180_000);

  it('the reference arm can be shifts only, or skipped', async () => {
    const s = await setup(tempDir());
    const shift = await s.evaluate({ batchIds: [s.batch.batchId], dataset: 'shapes', test: 'shapes-test', ratios: [1], seeds: 1, steps: 2, baseline: 'shift' });
    expect(shift.evaluation.result!.baseline).toMatchObject({ kind: 'shift', ratio: 1 });
    expect(shift.f.losses.at(-1)!.step).toBe(4 * 2);
    const none = await s.evaluate({ batchIds: [s.batch.batchId], dataset: 'shapes', test: 'shapes-test', ratios: [1], seeds: 1, steps: 2, baseline: 'none' });
    expect(none.evaluation.result!.baseline).toBeUndefined();
    expect(none.f.losses.at(-1)!.step).toBe(3 * 2);
    expect(none.evaluation.result!.summary).not.toMatch(/augmented/);
    expect((await s.refused({ batchIds: [s.batch.batchId], dataset: 'shapes', test: 'shapes-test', baseline: 'rotate' as 'shift' })).message).toMatch(/baseline/);
  }, 180_000);

  it('a cancelled evaluation leaves nothing written', async () => {
    const s = await setup(tempDir());
    const before = tf.memory().numTensors;
    const { outcome, evaluation } = await s.evaluate({ batchIds: [s.batch.batchId], dataset: 'shapes', test: 'shapes-test', seeds: 1, steps: 5 }, { stopAfter: 7 });
    expect(outcome.status).toBe('stopped');
    expect(tf.memory().numTensors).toBe(before);
    expect(evaluation.status).toBe('stopped');
    expect(evaluation.result).toBeNull();
    expect(countEvaluationRows(s.db, evaluation.evaluationId)).toBe(0);
  }, 180_000);

  it('refuses bad input with messages that say what to change', async () => {
    const root = tempDir();
    const s = await setup(root);
    const base = { batchIds: [s.batch.batchId], dataset: 'shapes' };
    // shapes was imported with no held-out images
    expect((await s.refused(base)).message).toMatch(/held-out split of 'shapes' has fewer than 2 images in class\(es\) 'bar', 'circle', 'square'.*--test/);
    await importDataset(s.db, s.home, { folder: await writeShapesFolder(join(root, 'photos'), 4, 2), kind: 'domain', name: 'photos', holdoutFraction: 0 });
    expect((await s.refused({ ...base, dataset: 'photos' })).message).toMatch(/'photos' is a domain dataset/);
    expect((await s.refused({ ...base, test: 'photos' })).message).toMatch(/test dataset 'photos' is a domain dataset/);
    await importDataset(s.db, s.home, { folder: await writeShapesFolder(join(root, 'four'), 3, 4), kind: 'labeled', name: 'four', holdoutFraction: 0 });
    expect((await s.refused({ ...base, test: 'four' })).message).toMatch(/has other classes than 'shapes': extra 'cross'/);
    await importDataset(s.db, s.home, { folder: await writeShapesFolder(join(root, 'two'), 3, 2), kind: 'labeled', name: 'two', holdoutFraction: 0 });
    expect((await s.refused({ ...base, test: 'two' })).message).toMatch(/missing 'bar'/);
    expect((await s.refused({ ...base, dataset: 'four', test: 'shapes-test' })).message).toMatch(/comes from run .* trained on dataset 'shapes', not on 'four'/);
    expect((await s.refused({ ...base, test: 'shapes' })).message).toMatch(/the test dataset is the training dataset itself/);
    const ids = (await s.samples['samples.list']({ batchId: s.batch.batchId, offset: 0, limit: 1000 })).samples.map((x) => x.sampleId);
    await s.samples['samples.setKept']({ sampleIds: ids, kept: false });
    const zero = await s.refused({ ...base, test: 'shapes-test' });
    expect(zero.code).toBe('bad_input');
    expect(zero.message).toMatch(/zero synthetic samples/);
  }, 180_000);
});
