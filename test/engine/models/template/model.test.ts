import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../../src-main/engine/compute/resolve-backend';
import { regenerateSample } from '../../../../src-main/engine/generation/generate-batch';
import { loadSampler } from '../../../../src-main/engine/generation/load-sampler';
import { getJob, setStatus } from '../../../../src-main/engine/jobs/jobs-repo';
import { JOB_RUNNERS } from '../../../../src-main/engine/jobs/kinds';
import { findModel } from '../../../../src-main/engine/models/registry';
import { listCheckpoints } from '../../../../src-main/engine/training/checkpoint';
import { listMetrics, listSamples } from '../../../../src-main/engine/training/runs-repo';
import type { RunSummary } from '../../../../src-main/shared/domain/run';
import { useTempDirs } from '../../../helpers/temp-dir';
import { fakeContext, generateInProcess, paramsOf, setupRunHome } from '../../training/run-fixture';

// Issue 11's "done when": the template model, which is only its folder and one registry line, is built through the
// registry, trained 3 steps by the real `train` job, resumed exactly, and generates, with no edit anywhere else.

beforeAll(async () => {
  await resolveBackend({ force: 'wasm' });
});

const CONFIG = { steps: 3, batch: 4, hidden: 16, zDim: 4, checkpointEvery: 1, sampleEvery: 2, metricsEvery: 1, samplesPerClass: 2, seed: 7 };

describe('the template model', () => {
  const tempDir = useTempDirs();

  it('is registered: models.list describes it from its spec alone', async () => {
    const { db, handlers } = await setupRunHome(tempDir());
    const info = (await handlers['models.list']({})).models.find((m) => m.kind === 'template')!;
    expect(info).toMatchObject({ kind: 'template', inference: 'generate', datasets: [{ role: 'train', flag: 'dataset', datasetKind: 'labeled' }] });
    expect(info.fields.map((f) => f.key)).toEqual(Object.keys(findModel('template')!.defaults));
    expect(info.fields.find((f) => f.key === 'hidden')).toMatchObject({ type: 'integer', flag: 'hidden', group: 'network', min: 4, max: 2048 });
    db.close();
  });

  it('trains 3 steps through the train job, resumes to the same losses as a run never stopped, and generates', async () => {
    const { home, db, handlers } = await setupRunHome(tempDir()); // 'shapes': 3 classes × 8, grey 28 px
    const create = async () => (await handlers['runs.create']({ kind: 'template', datasets: { train: 'shapes' }, config: CONFIG })) as RunSummary;
    /** Runs a run's queued job in process with the runner the worker would pick for its kind. */
    const runJob = async (run: RunSummary, o: { stopAfter?: number } = {}) => {
      const job = getJob(db, run.runId)!;
      const c = fakeContext(home, run.runId, { ...o, kind: job.kind });
      c.ctx.params = paramsOf(db, run);
      const outcome = await JOB_RUNNERS[job.kind](c.ctx);
      setStatus(db, run.runId, outcome.status); // what the host records
      return { ...c, outcome };
    };

    const straight = await create();
    expect(straight).toMatchObject({ kind: 'template', config: { ...CONFIG, resolution: 28, channels: 1 }, classNames: ['bar', 'circle', 'square'] });
    expect(getJob(db, straight.runId)!.kind).toBe('train');
    const a = await runJob(straight);
    expect(a.outcome).toMatchObject({ status: 'completed', step: 3 });
    expect(a.losses.map((l) => Object.keys(l.metrics).sort())[0]).toEqual(['dFake', 'epoch', 'lossD', 'lossG']);

    const split = await create();
    const tensorsBefore = tf.memory().numTensors;
    const b1 = await runJob(split, { stopAfter: 2 });
    expect(b1.outcome).toMatchObject({ status: 'stopped', step: 2 });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect((await listCheckpoints(split.runDir)).filter((c) => c.full).map((c) => c.step)).toEqual([1, 2]);
    expect(((await handlers['runs.resume']({ runId: split.runId })) as RunSummary).status).toBe('queued');
    const b2 = await runJob(split);
    expect(b2.outcome).toMatchObject({ status: 'completed', step: 3 });
    expect(b2.logs.some((l) => /resuming .* step 2/.test(l.message))).toBe(true);
    const steps = [...b1.losses, ...b2.losses];
    expect(steps.map((s) => s.step)).toEqual([1, 2, 3]);
    expect(steps.map((s) => s.metrics)).toEqual(a.losses.map((s) => s.metrics)); // exact, same backend
    expect(listMetrics(db, split.runId).map((p) => p.step)).toEqual([1, 2, 3]);
    expect(listSamples(db, split.runId).map((s) => s.step)).toEqual([2, 3]);
    const grid = await sharp(listSamples(db, split.runId)[1]!.path).metadata();
    expect([grid.width, grid.height]).toEqual([2 * 30 + 2, 3 * 30 + 2]); // 2 columns × 3 classes of 28 px, 2 px gaps

    // Generate: the generate job through samples.generate, then one sample regenerated alone has the same bytes.
    const { outcome, batch, listed } = await generateInProcess(db, home, { runId: split.runId, checkpoint: 'latest', weights: 'raw', perClass: 5, seed: 3, filter: false });
    expect(outcome).toMatchObject({ status: 'completed', step: 15 });
    expect(batch).toMatchObject({ status: 'completed', count: 15, checkpointStep: 3, weights: 'raw', recipe: { bnReference: 1 } });
    expect(listed).toHaveLength(15);
    expect(new Set(listed.map((s) => s.sha256)).size).toBeGreaterThan(1);
    const s = listed.find((x) => x.classIndex === 2 && x.sampleIndex === 4)!;
    const png = await sharp(join(home, s.path)).metadata();
    expect([png.width, png.height]).toEqual([28, 28]);
    const sampler = await loadSampler(split, 3, 'raw');
    expect(Buffer.from(await regenerateSample(sampler, 3, 2, 4, null)).equals(readFileSync(join(home, s.path)))).toBe(true);
    sampler.dispose();
    // the straight run's weights are the resumed run's: its sampler makes the same sample
    const twin = await loadSampler(straight, 3, 'raw');
    expect(Buffer.from(await regenerateSample(twin, 3, 2, 4, null)).equals(readFileSync(join(home, s.path)))).toBe(true);
    twin.dispose();
    db.close();
  });
});
