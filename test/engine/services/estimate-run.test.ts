import { describe, expect, it } from 'vitest';
import { openStudio } from '../../../src-main/engine/studio';
import type { RunEstimate } from '../../../src-main/shared/domain/estimate';
import type { RunSummary } from '../../../src-main/shared/domain/run';
import { useTempDirs, waitFor } from '../../helpers/temp-dir';
import { homeWithShapes } from '../jobs/cli-process';

/** runs.estimate on a real studio: prepareRun's config, a real probe worker timing the real trainer on wasm. */
describe('runs.estimate', () => {
  const tempDir = useTempDirs();

  it('resolves "auto" as runs.create would, times the step in its own worker, scales to the steps, and reuses the probe per shape', async () => {
    const home = await homeWithShapes(tempDir());
    const studio = await openStudio({ home, face: 'cli', backend: 'wasm', scheduler: true });
    try {
      const input = { kind: 'cgan' as const, datasets: { train: 'shapes' }, config: { batch: 4, width: 8, steps: 100, sampleEvery: 50 } };
      const a = (await studio.dispatch('runs.estimate', input)) as RunEstimate;
      // The shapes are 28 px: "auto" resolution resolves to 28, channels to 1; nothing was queued.
      expect(a.config).toMatchObject({ resolution: 28, channels: 1, batch: 4, width: 8, steps: 100 });
      expect(a).toMatchObject({ kind: 'cgan', backend: 'wasm', cached: false, measuredSteps: 3 });
      expect(a.msPerStep).toBeGreaterThan(0);
      expect(a.startupSeconds).toBeGreaterThan(0);
      expect(a.seconds).toBeCloseTo(a.startupSeconds + (100 * a.msPerStep + 3 * a.previewMs) / 1000, 6);
      expect(((await studio.dispatch('runs.list', {})) as { runs: RunSummary[] }).runs).toEqual([]);

      // Same shape, other step count: the probe is reused and the time scales.
      const b = (await studio.dispatch('runs.estimate', { ...input, config: { ...input.config, steps: 1000 } })) as RunEstimate;
      expect(b).toMatchObject({ cached: true, msPerStep: a.msPerStep, measuredAt: a.measuredAt });
      expect(b.seconds - b.startupSeconds).toBeGreaterThan(9 * (a.seconds - a.startupSeconds));

      // A wider network is another shape: a new probe, a slower step.
      const wide = (await studio.dispatch('runs.estimate', { ...input, config: { ...input.config, width: 64 } })) as RunEstimate;
      expect(wide.cached).toBe(false);
      expect(wide.msPerStep).toBeGreaterThan(a.msPerStep);

      // The same input as runs.create refuses is refused here too (and nothing is measured).
      await expect(studio.dispatch('runs.estimate', { ...input, config: { batch: 9999 } })).rejects.toMatchObject({ code: 'bad_input' });
    } finally {
      await studio.close();
    }
  }, 180_000);

  it('does not wait behind a running training job', async () => {
    const home = await homeWithShapes(tempDir());
    const studio = await openStudio({ home, face: 'cli', backend: 'wasm', scheduler: true });
    try {
      const run = (await studio.dispatch('runs.create', { kind: 'cgan', datasets: { train: 'shapes' }, config: { batch: 4, width: 8, steps: 100_000, sampleEvery: 1000, checkpointEvery: 1000 } })) as RunSummary;
      await waitFor(async () => ((await studio.dispatch('runs.get', { runId: run.runId })) as RunSummary).step > 0 || null, 60_000, 'the run trains');
      const e = (await studio.dispatch('runs.estimate', { kind: 'cgan', datasets: { train: 'shapes' }, config: { batch: 4, width: 16 } })) as RunEstimate;
      expect(e.msPerStep).toBeGreaterThan(0);
      expect(((await studio.dispatch('runs.get', { runId: run.runId })) as RunSummary).status).toBe('running');
      await studio.dispatch('runs.stop', { runId: run.runId });
    } finally {
      await studio.close();
    }
  }, 180_000);
});
