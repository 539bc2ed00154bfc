import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getJob } from '../../../src-main/engine/jobs/jobs-repo';
import type { RunSummary } from '../../../src-main/shared/domain/run';
import { useTempDirs } from '../../helpers/temp-dir';
import { setupRunHome } from './run-fixture';

describe('runs service: creating and resuming runs', () => {
  const tempDir = useTempDirs();

  it('records the resolved config, what differs from the defaults, the preset and the dataset', async () => {
    const { db, handlers } = await setupRunHome(tempDir());
    const run = (await handlers['runs.create']({ kind: 'cgan', datasets: { train: 'shapes' }, preset: 'quick', config: { steps: 5, batch: 4 } })) as RunSummary;
    expect(run).toMatchObject({ kind: 'cgan', status: 'queued', step: 0, totalSteps: 5, preset: 'quick', checkpoints: [] });
    expect(run.config).toMatchObject({ steps: 5, batch: 4, width: 32, resolution: 28, channels: 1 });
    expect(run.configDiff).toMatchObject({ steps: 5, batch: 4, width: 32, resolution: 28, channels: 1 });
    expect(run.datasets).toEqual([{ role: 'train', ref: 'shapes', versionId: expect.any(String), name: 'shapes' }]);
    expect(run.versions.app).toBe('0.0.0-test');
    expect(getJob(db, run.runId)).toMatchObject({ kind: 'train', status: 'queued', totalSteps: 5 });
    expect((await handlers['runs.list']({})).runs.map((r) => r.runId)).toEqual([run.runId]);
    db.close();
  });

  it('bad input: a resolution not offered, a batch above the dataset, unknown dataset, a domain dataset', async () => {
    const { db, handlers } = await setupRunHome(tempDir());
    await expect(handlers['runs.create']({ kind: 'cgan', datasets: { train: 'shapes' }, config: { resolution: 48 } })).rejects.toThrow(/does not offer 48×48: use --resolution 28, 32, 64, 128/);
    await expect(handlers['runs.create']({ kind: 'cgan', datasets: { train: 'shapes' }, config: { batch: 500 } })).rejects.toThrow(/--batch 500 is larger than the 24 training images/);
    await expect(handlers['runs.create']({ kind: 'cgan', datasets: { train: 'nope' }, config: {} })).rejects.toMatchObject({ code: 'not_found' });
    // A batch from a preset is lowered, and the run says so.
    // Settings, presets, dataset roles and models that do not exist are named.
    await expect(handlers['runs.create']({ kind: 'cgan', datasets: { train: 'shapes' }, config: { hidden: 8 } })).rejects.toThrow(/Conditional DCGAN has no setting 'hidden'/);
    await expect(handlers['runs.create']({ kind: 'cgan', datasets: { train: 'shapes' }, preset: 'huge', config: {} })).rejects.toThrow(/no preset 'huge': use quick, balanced, best/);
    await expect(handlers['runs.create']({ kind: 'cgan', datasets: { train: 'shapes', a: 'shapes' }, config: {} })).rejects.toThrow(/has no dataset role 'a': it takes --dataset/);
    await expect(handlers['runs.create']({ kind: 'cgan', datasets: {}, config: {} })).rejects.toThrow(/train cgan needs --dataset NAME/);
    await expect(handlers['runs.create']({ kind: 'gan9', datasets: { train: 'shapes' }, config: {} })).rejects.toThrow(/no model 'gan9': the models are cgan, cyclegan/);
    await expect(handlers['runs.create']({ kind: 'cgan', datasets: { train: 'shapes' }, config: { loss: 'wgan' } })).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/^loss: /) });
    const adjusted = (await handlers['runs.create']({ kind: 'cgan', datasets: { train: 'shapes' }, preset: 'balanced', config: {} })) as RunSummary;
    expect(adjusted.config.batch).toBe(24);
    expect(adjusted.warnings[0]!.message).toMatch(/batch lowered from 64 to 24/);
    db.close();
    const domain = await setupRunHome(tempDir(), { kind: 'domain' });
    await expect(domain.handlers['runs.create']({ kind: 'cgan', datasets: { train: 'shapes' }, config: {} })).rejects.toThrow(/'shapes' is a domain \(unlabeled\) dataset: Conditional DCGAN needs a labeled one/);
    domain.db.close();
  });

  it('one class is allowed: a plain GAN, and the run says so', async () => {
    const { db, handlers } = await setupRunHome(tempDir(), { classes: 1 });
    const run = (await handlers['runs.create']({ kind: 'cgan', datasets: { train: 'shapes' }, config: { batch: 4 } })) as RunSummary;
    expect(run.classNames).toHaveLength(1);
    expect(run.warnings.map((w) => w.message).join(' ')).toMatch(/one class: the run trains a plain \(unconditional\) GAN/);
    db.close();
  });

  it('refuses a dataset whose files changed on disk, and resume --steps at or below the current step', async () => {
    const { db, handlers, folder } = await setupRunHome(tempDir());
    const run = (await handlers['runs.create']({ kind: 'cgan', datasets: { train: 'shapes' }, config: { steps: 3, batch: 4 } })) as RunSummary;
    db.prepare(`UPDATE jobs SET status = 'completed', step = 3 WHERE job_id = ?`).run(run.runId);
    await expect(handlers['runs.resume']({ runId: run.runId, steps: 3 })).rejects.toThrow(/--steps 3 is not above run .* current step 3/);
    await expect(handlers['runs.resume']({ runId: run.runId })).rejects.toThrow(/already reached its 3 steps/);
    writeFileSync(join(folder, 'circle', '0.png'), 'not the same bytes');
    await expect(handlers['runs.resume']({ runId: run.runId, steps: 10 })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/changed since import/) });
    await expect(handlers['runs.create']({ kind: 'cgan', datasets: { train: 'shapes' }, config: { batch: 4 } })).rejects.toMatchObject({ code: 'conflict' });
    // Nothing was lost: the run is as it was.
    expect((await handlers['runs.get']({ runId: run.runId })) as RunSummary).toMatchObject({ status: 'completed', step: 3, totalSteps: 3 });
    db.close();
  });

  it('resume --steps sets the new total in the run and its job together, and turns a job queued before the one loop into a train job', async () => {
    const { db, handlers } = await setupRunHome(tempDir());
    const run = (await handlers['runs.create']({ kind: 'cgan', datasets: { train: 'shapes' }, config: { steps: 3, batch: 4 } })) as RunSummary;
    // A job as the per-model loops queued it: kind train-cgan, its dataset under the older name.
    const old = { datasetVersionId: run.datasets[0]!.versionId, config: run.config };
    db.prepare(`UPDATE jobs SET kind = 'train-cgan', params_json = ?, status = 'completed', step = 3 WHERE job_id = ?`).run(JSON.stringify(old), run.runId);
    const resumed = (await handlers['runs.resume']({ runId: run.runId, steps: 10 })) as RunSummary;
    expect(resumed).toMatchObject({ status: 'queued', totalSteps: 10, config: { steps: 10, batch: 4 }, configDiff: { steps: 10, batch: 4 } });
    expect(getJob(db, run.runId)).toMatchObject({ kind: 'train', status: 'queued', totalSteps: 10,
      params: { kind: 'cgan', datasets: { train: run.datasets[0]!.versionId }, config: { ...run.config, steps: 10 } } });
    db.close();
  });
});
