import { describe, expect, it } from 'vitest';
import { useJobsStore } from '../../src-renderer/src/stores/jobs';
import { useRunsStore } from '../../src-renderer/src/stores/runs';
import { waitFor } from '../helpers/temp-dir';
import { importPets, settle, useStoreHarness } from './store-harness';

/** The run controls' store side against the real engine (no scheduler: runs stay queued until a test moves them). */
describe('run controls in the runs store', () => {
  const h = useStoreHarness();

  async function templateRun(): Promise<string> {
    await importPets(h);
    return ((await h.studio.dispatch('runs.create', { kind: 'template', datasets: { train: 'pets' }, preset: 'quick' })) as { runId: string }).runId;
  }

  it('stop of a running run: it stays "running" and "stopping" until the engine says it has stopped', async () => {
    const runs = useRunsStore();
    const runId = await templateRun();
    await runs.init();
    await runs.select(runId); // the list's own background load is done before the status is set below
    // As the job.state event of a started run would have it.
    runs.byId[runId] = { ...runs.byId[runId]!, status: 'running' };
    const release = h.transport.hold('runs.stop');
    const pending = runs.stop(runId);
    await settle();
    expect(runs.byId[runId]!.status).toBe('running');
    expect(runs.stopping.has(runId)).toBe(true);
    release();
    await pending;
    expect(runs.byId[runId]!.status).toBe('stopped');
    expect(runs.stopping.has(runId)).toBe(false);
  });

  it('deleteRun: the plan says what is freed and kept; the delete drops the run from the list and from the engine', async () => {
    const runs = useRunsStore();
    const runId = await templateRun();
    await h.studio.dispatch('runs.stop', { runId });
    await runs.init();
    await runs.select(runId);
    const plan = await runs.deletePlan(runId);
    expect(plan).toMatchObject({ kind: 'run', id: runId, blockers: [] });
    expect(plan.keeps.join(' ')).toMatch(/lineage/);
    expect(await runs.deleteRun(runId)).toBe(true);
    expect(runs.byId[runId]).toBeUndefined();
    expect(runs.selectedId).toBeNull();
    expect((await h.studio.dispatch('runs.list', {})) as { runs: unknown[] }).toEqual({ runs: [] });
    // A second delete is refused by the engine: shown, nothing left busy.
    expect(await runs.deleteRun(runId)).toBe(false);
    expect(runs.busy.size).toBe(0);
  });

});

describe('jobs store with a real scheduler', () => {
  const h = useStoreHarness({ scheduler: true });

  it('a job seen running in this window is remembered (its card never says it ran before the window opened); one finished before is not', async () => {
    const before = (await h.studio.dispatch('jobs.start', { kind: 'selftest', params: { steps: 2 } })) as { jobId: string };
    await waitFor(async () => ((await h.studio.dispatch('jobs.get', { jobId: before.jobId })) as { status: string }).status === 'completed', 60_000, 'the first self-test');
    const jobs = useJobsStore();
    await jobs.init();
    const job = await jobs.start('selftest', { steps: 2 });
    await waitFor(() => jobs.byId[job!.jobId]?.status === 'completed', 60_000, 'the self-test to complete');
    expect(jobs.seenLive.has(job!.jobId)).toBe(true);
    expect(jobs.seenLive.has(before.jobId)).toBe(false);
  }, 90_000);
});
