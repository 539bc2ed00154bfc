import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../../src-main/engine/compute/resolve-backend';
import { regenerateSample } from '../../../../src-main/engine/generation/generate-batch';
import { loadSampler } from '../../../../src-main/engine/generation/load-sampler';
import { getRunSnapshot } from '../../../../src-main/engine/generation/samples-repo';
import { resolveLineage } from '../../../../src-main/engine/lineage/lineage';
import { getJob, setStatus } from '../../../../src-main/engine/jobs/jobs-repo';
import { JOB_RUNNERS } from '../../../../src-main/engine/jobs/kinds';
import { ALPHA_BAR, samplingLevels } from '../../../../src-main/engine/models/diffusion/schedule';
import { listCheckpoints } from '../../../../src-main/engine/training/checkpoint';
import { listSamples } from '../../../../src-main/engine/training/runs-repo';
import type { RunSummary } from '../../../../src-main/shared/domain/run';
import { useTempDirs } from '../../../helpers/temp-dir';
import { fakeContext, generateInProcess, paramsOf, setupRunHome } from '../../training/run-fixture';

beforeAll(async () => {
  await resolveBackend({ force: 'wasm' });
});

const CONFIG = { steps: 3, batch: 4, width: 8, checkpointEvery: 1, sampleEvery: 2, metricsEvery: 1, samplesPerClass: 2, seed: 7, sampleSteps: 3 };

describe('the diffusion schedule', () => {
  it('the cosine schedule falls from almost all image to almost all noise', () => {
    expect(ALPHA_BAR).toHaveLength(1000);
    expect(ALPHA_BAR[0]).toBeGreaterThan(0.999);
    expect(ALPHA_BAR[999]).toBeCloseTo(1e-5, 8);
    for (let t = 1; t < 1000; t++) expect(ALPHA_BAR[t]!).toBeLessThanOrEqual(ALPHA_BAR[t - 1]!);
    // half the signal's variance is left near the middle (cos² of about π/4)
    expect(ALPHA_BAR[499]).toBeGreaterThan(0.45);
    expect(ALPHA_BAR[499]).toBeLessThan(0.55);
  });

  it('DDIM visits evenly spaced levels from the noisiest down to 0', () => {
    expect(samplingLevels(2)).toEqual([999, 0]);
    expect(samplingLevels(4)).toEqual([999, 666, 333, 0]);
    expect(samplingLevels(25)).toHaveLength(25);
  });
});

describe('the diffusion model', () => {
  const tempDir = useTempDirs();

  it('trains through the train job with a falling loss, resumes exactly, and generates the same sample again from its seed, with the run\'s or the batch\'s own sampling settings', async () => {
    const { home, db, handlers } = await setupRunHome(tempDir()); // 'shapes': 3 classes × 8, grey 28 px
    const create = async (config: Record<string, unknown>) => (await handlers['runs.create']({ kind: 'diffusion', datasets: { train: 'shapes' }, config })) as RunSummary;
    const runJob = async (run: RunSummary, o: { stopAfter?: number } = {}) => {
      const job = getJob(db, run.runId)!;
      const c = fakeContext(home, run.runId, { ...o, kind: job.kind });
      c.ctx.params = paramsOf(db, run);
      const outcome = await JOB_RUNNERS[job.kind](c.ctx);
      setStatus(db, run.runId, outcome.status);
      return { ...c, outcome };
    };

    // the loss falls: 30 steps on the 24 shapes
    const longer = await create({ ...CONFIG, steps: 30, checkpointEvery: 30, sampleEvery: 30, metricsEvery: 1, batch: 8 });
    const l = (await runJob(longer)).losses.map((s) => s.metrics.loss!);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(l.slice(-5))).toBeLessThan(0.6 * mean(l.slice(0, 5)));

    const straight = await create(CONFIG);
    expect(straight).toMatchObject({ kind: 'diffusion', config: { ...CONFIG, resolution: 28, channels: 1, guidance: 1.5 }, classNames: ['bar', 'circle', 'square'] });
    const a = await runJob(straight);
    expect(a.outcome).toMatchObject({ status: 'completed', step: 3 });
    expect(Object.keys(a.losses[0]!.metrics).sort()).toEqual(['epoch', 'loss']);

    const split = await create(CONFIG);
    const tensorsBefore = tf.memory().numTensors;
    const b1 = await runJob(split, { stopAfter: 2 });
    expect(b1.outcome).toMatchObject({ status: 'stopped', step: 2 });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect((await listCheckpoints(split.runDir)).filter((c) => c.full).map((c) => c.step)).toEqual([1, 2]);
    await handlers['runs.resume']({ runId: split.runId });
    const b2 = await runJob(split);
    expect(b2.outcome).toMatchObject({ status: 'completed', step: 3 });
    expect([...b1.losses, ...b2.losses].map((s) => s.metrics)).toEqual(a.losses.map((s) => s.metrics)); // exact, same backend
    expect(listSamples(db, split.runId).map((s) => s.step)).toEqual([2, 3]);

    const { outcome, batch, listed } = await generateInProcess(db, home, { runId: split.runId, checkpoint: 'latest', weights: 'ema', perClass: 3, seed: 3, filter: false });
    expect(outcome).toMatchObject({ status: 'completed', step: 9 });
    expect(batch).toMatchObject({ status: 'completed', count: 9, checkpointStep: 3, weights: 'ema' });
    expect(new Set(listed.map((s) => s.sha256)).size).toBe(9);
    const s = listed.find((x) => x.classIndex === 1 && x.sampleIndex === 2)!;
    // DDIM is deterministic: the sample is its seed's, whatever batch it was drawn in; the resumed run's weights are
    // the straight run's
    for (const run of [split, straight]) {
      const sampler = await loadSampler(run, 3, 'ema');
      expect(sampler.zDim).toBe(28 * 28);
      expect(Buffer.from(await regenerateSample(sampler, 3, 1, 2, null)).equals(readFileSync(join(home, s.path)))).toBe(true);
      sampler.dispose();
    }

    // A batch may sample with its own guidance and steps: it records them, the run keeps its own, and its samples are
    // its settings' (regenerated from the batch's snapshot, byte for byte).
    expect(batch.sampling).toBeNull();
    const own = await generateInProcess(db, home, { runId: split.runId, checkpoint: 'latest', weights: 'ema', perClass: 3, seed: 3, filter: false, sampling: { guidance: 1, sampleSteps: 4 } });
    expect(own.batch).toMatchObject({ status: 'completed', count: 9, sampling: { guidance: 1, sampleSteps: 4 } });
    expect((await handlers['runs.get']({ runId: split.runId })).config).toMatchObject({ guidance: 1.5, sampleSteps: 3 });
    const t = own.listed.find((x) => x.classIndex === 1 && x.sampleIndex === 2)!;
    expect(t.sha256).not.toBe(s.sha256);
    const snapshot = getRunSnapshot(db, own.batch.batchId)!;
    expect(snapshot.config).toMatchObject({ guidance: 1, sampleSteps: 4 });
    const sampler = await loadSampler({ ...split, config: snapshot.config }, 3, 'ema');
    expect(Buffer.from(await regenerateSample(sampler, 3, 1, 2, null)).equals(readFileSync(join(home, t.path)))).toBe(true);
    sampler.dispose();
    expect(await resolveLineage(db, t.sha256)).toMatchObject({ batchId: own.batch.batchId, sampling: { guidance: 1, sampleSteps: 4 }, runConfig: { guidance: 1, sampleSteps: 4 } });
    expect((await resolveLineage(db, s.sha256)).sampling).toBeNull();
    db.close();
  }, 240_000);
});
