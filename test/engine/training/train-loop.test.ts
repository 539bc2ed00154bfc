import { existsSync, readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { listCheckpoints } from '../../../src-main/engine/training/checkpoint';
import { listMetrics, listSamples } from '../../../src-main/engine/training/runs-repo';
import { runTrain } from '../../../src-main/engine/training/train-loop';
import type { RunSummary } from '../../../src-main/shared/domain/run';
import { useTempDirs } from '../../helpers/temp-dir';
import { fakeContext, paramsOf, setupRunHome } from './run-fixture';

beforeAll(async () => {
  await resolveBackend({ force: 'wasm' });
});

const CONFIG = { resolution: 28, width: 4, zDim: 8, embDim: 4, batch: 4, steps: 8, checkpointEvery: 2, sampleEvery: 4, metricsEvery: 1, seed: 3, diffAugment: 'on' } as const;

describe('the training loop on the cGAN (the train job, in process)', () => {
  const tempDir = useTempDirs();

  it('a run stopped at step k and resumed gives the same losses at steps k+1.. as one never stopped', async () => {
    const { home, db, handlers } = await setupRunHome(tempDir());
    const straight = (await handlers['runs.create']({ kind: 'cgan', datasets: { train: 'shapes' }, config: CONFIG })) as RunSummary;
    const a = fakeContext(home, straight.runId);
    a.ctx.params = paramsOf(db, straight);
    expect(await runTrain(a.ctx)).toMatchObject({ status: 'completed', step: 8 });

    const split = (await handlers['runs.create']({ kind: 'cgan', datasets: { train: 'shapes' }, config: CONFIG })) as RunSummary;
    const b1 = fakeContext(home, split.runId, { stopAfter: 5 });
    b1.ctx.params = paramsOf(db, split);
    const tensorsBefore = tf.memory().numTensors;
    expect(await runTrain(b1.ctx)).toMatchObject({ status: 'stopped', step: 5 });
    expect(tf.memory().numTensors).toBe(tensorsBefore); // the runner disposes all it made
    // Stopping wrote a full checkpoint at step 5 (an odd step: not one of the every-2 ones).
    expect((await listCheckpoints(split.runDir)).filter((c) => c.full).map((c) => c.step)).toEqual([4, 5]);
    const b2 = fakeContext(home, split.runId);
    b2.ctx.params = paramsOf(db, split);
    expect(await runTrain(b2.ctx)).toMatchObject({ status: 'completed', step: 8 });
    expect(b2.losses.map((l) => l.step)).toEqual([6, 7, 8]);
    expect(b2.logs.some((l) => /resuming .* step 5/.test(l.message))).toBe(true);

    const steps = [...b1.losses, ...b2.losses];
    expect(steps.map((s) => s.step)).toEqual(a.losses.map((s) => s.step));
    // Same backend (wasm), same process: resume is exact, every charted scalar of every step equal.
    for (const k of ['lossD', 'lossG', 'dReal', 'dFake', 'gradNormD', 'gradNormG']) expect(Object.keys(a.losses[0]!.metrics)).toContain(k);
    expect(steps.map((s) => s.metrics)).toEqual(a.losses.map((s) => s.metrics));
    expect(listMetrics(db, split.runId).map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(listSamples(db, split.runId).map((s) => s.step)).toEqual([4, 8]);
    for (const s of listSamples(db, split.runId)) expect(existsSync(s.path)).toBe(true);
    expect(existsSync(`${split.runDir}/config.json`)).toBe(true);
    const grid = listSamples(db, split.runId).find((s) => s.step === 8)!;
    expect(readFileSync(grid.path).subarray(1, 4).toString()).toBe('PNG');
    db.close();
  });

  it('a NaN loss stops the run with a clear error and keeps the last good checkpoint', async () => {
    const { home, db, handlers } = await setupRunHome(tempDir());
    const run = (await handlers['runs.create']({ kind: 'cgan', datasets: { train: 'shapes' }, config: CONFIG })) as RunSummary;
    const c = fakeContext(home, run.runId);
    c.ctx.params = { ...paramsOf(db, run), injectNanAtStep: 5 };
    await expect(runTrain(c.ctx)).rejects.toThrow(/training diverged at step 5 \(lossD = NaN.*the last good checkpoint \(step 4\) is kept/);
    expect((await listCheckpoints(run.runDir)).map((x) => x.step)).toEqual([2, 4]);
    expect(((await handlers['runs.get']({ runId: run.runId })) as RunSummary).checkpoints).toEqual([2, 4]);
    db.close();
  });

  it('a run that died mid-training shows interrupted and resumes from its last checkpoint', async () => {
    const { home, db, handlers } = await setupRunHome(tempDir());
    const run = (await handlers['runs.create']({ kind: 'cgan', datasets: { train: 'shapes' }, config: { ...CONFIG, steps: 6 } })) as RunSummary;
    const dying = fakeContext(home, run.runId);
    dying.ctx.params = paramsOf(db, run);
    dying.ctx.checkpoint = async () => {
      if (dying.losses.length >= 3) throw new Error('process killed'); // no clean stop: nothing saved at step 3
      return 'continue';
    };
    await expect(runTrain(dying.ctx)).rejects.toThrow('process killed');
    // What the job host records when the owning process is gone.
    db.prepare(`UPDATE jobs SET status = 'interrupted', step = 3 WHERE job_id = ?`).run(run.runId);
    expect(((await handlers['runs.get']({ runId: run.runId })) as RunSummary).status).toBe('interrupted');
    expect(((await handlers['runs.resume']({ runId: run.runId })) as RunSummary).status).toBe('queued');
    const again = fakeContext(home, run.runId);
    again.ctx.params = paramsOf(db, run);
    expect(await runTrain(again.ctx)).toMatchObject({ status: 'completed', step: 6 });
    expect(again.losses.map((l) => l.step)).toEqual([3, 4, 5, 6]);
    expect(again.logs.some((l) => /from its checkpoint at step 2/.test(l.message))).toBe(true);
    db.close();
  });
});
