import { describe, expect, it } from 'vitest';
import { listModelInfo } from '../../src-main/engine/models/registry';
import { useDatasetsStore } from '../../src-renderer/src/stores/datasets';
import { useEvaluationsStore } from '../../src-renderer/src/stores/evaluations';
import { useJobsStore } from '../../src-renderer/src/stores/jobs';
import { useModelsStore } from '../../src-renderer/src/stores/models';
import { useRunsStore } from '../../src-renderer/src/stores/runs';
import { useSamplesStore } from '../../src-renderer/src/stores/samples';
import { waitFor } from '../helpers/temp-dir';
import { importPets, settle, useStoreHarness } from './store-harness';

describe('renderer stores (createTestingPinia) against the real engine', () => {
  const h = useStoreHarness();

  it('models: lists every registered model (template included) with one call, and resolves defaults ← preset', async () => {
    const models = useModelsStore();
    await Promise.all([models.load(), models.load()]);
    await models.load();
    expect(h.transport.calls.filter((c) => c.name === 'models.list')).toHaveLength(1);
    expect(models.list.map((m) => m.kind)).toEqual(listModelInfo().map((m) => m.kind));
    expect(models.info('template')?.inference).toBe('generate');
    expect(models.info('no-such-model')).toBeNull();
    const cgan = models.info('cgan')!;
    const quick = cgan.presets.find((p) => p.name === 'quick')!;
    expect(models.baseConfig('cgan', 'quick')).toEqual({ ...cgan.defaults, ...quick.values });
    expect(models.baseConfig('cgan', null)).toEqual(cgan.defaults);
    expect(models.baseConfig('no-such-model', 'quick')).toEqual({});
  });

  it('runs.create of the template model: a placeholder from its ModelInfo at once, then the run the engine made', async () => {
    await importPets(h);
    const models = useModelsStore();
    const runs = useRunsStore();
    await models.load();
    const release = h.transport.hold('runs.create');
    const pending = runs.create({ kind: 'template', datasets: { train: 'pets' }, preset: 'quick', config: { hidden: 16 } });
    await settle();
    expect(runs.busy.has('create')).toBe(true);
    expect(runs.runs).toHaveLength(1);
    const temp = runs.runs[0]!;
    expect(temp.runId).toMatch(/^pending-/);
    expect(temp.kind).toBe('template');
    const defaults = models.info('template')!.defaults;
    // defaults ← preset (quick: 300 steps) ← the form's own values, all from models.list
    expect(temp.config).toMatchObject({ steps: 300, hidden: 16, lr: defaults.lr, zDim: defaults.zDim });
    expect(temp.totalSteps).toBe(300);
    expect(temp.datasets).toEqual([{ role: 'train', ref: 'pets', versionId: '', name: 'pets' }]);

    release();
    const run = await pending;
    expect(run).not.toBeNull();
    expect(run!.kind).toBe('template');
    expect(run!.config).toMatchObject({ steps: 300, hidden: 16 });
    expect(run!.datasets[0]).toMatchObject({ role: 'train', name: 'pets' });
    expect(Object.keys(runs.byId)).toEqual([run!.runId]);
    expect(runs.busy.has('create')).toBe(false);
    expect(h.transport.calls.find((c) => c.name === 'runs.create')!.input).toEqual({ kind: 'template', datasets: { train: 'pets' }, preset: 'quick', config: { hidden: 16 } });
  });

  it('runs.create refused by the engine: the placeholder goes again and nothing is left busy', async () => {
    const models = useModelsStore();
    const runs = useRunsStore();
    await models.load();
    const out = await runs.create({ kind: 'cgan', datasets: { train: 'no-such-dataset' }, preset: 'quick', config: {} });
    expect(out).toBeNull();
    expect(runs.runs).toEqual([]);
    expect(runs.busy.size).toBe(0);
    expect(console.error).toHaveBeenCalledWith(expect.stringMatching(/^Start run: .*no-such-dataset/));
  });

  it('runs: a run the CLI created shows up from its job events, whatever its model', async () => {
    await importPets(h);
    const runs = useRunsStore();
    await runs.init();
    expect(runs.runs).toEqual([]);
    const made = (await h.studio.dispatch('runs.create', { kind: 'template', datasets: { train: 'pets' }, preset: 'quick' })) as { runId: string };
    // The engine announces the queued `train` job; the store fetches the run it does not know yet.
    await waitFor(() => runs.byId[made.runId], 5000, 'the run to be listed');
    expect(runs.byId[made.runId]!.kind).toBe('template');
  });

  it('samples.translate through the store: the engine refuses a run that does not exist; the refusal is shown, nothing selected', async () => {
    const samples = useSamplesStore();
    await samples.init();
    const out = await samples.translate({ runId: 'nope', direction: 'a2b', checkpoint: 'latest', inputDataset: 'pets' });
    expect(out).toBeNull();
    expect(samples.selectedBatchId).toBeNull();
    expect(samples.generating).toBe(false);
    expect(h.transport.calls.map((c) => c.name)).toContain('samples.translate');
    expect(console.error).toHaveBeenCalledWith(expect.stringMatching(/^Translate: .*nope/));
  });

  it('after a reconnect every list store asks for its list again (events sent meanwhile are lost); runs also reload the shown run', async () => {
    await importPets(h);
    const made = (await h.studio.dispatch('runs.create', { kind: 'template', datasets: { train: 'pets' }, preset: 'quick' })) as { runId: string };
    const stores = [useRunsStore(), useJobsStore(), useSamplesStore(), useDatasetsStore(), useEvaluationsStore()];
    await Promise.all(stores.map((s) => s.init()));
    await waitFor(() => useRunsStore().selectedId === made.runId && useDatasetsStore().detail, 5000, 'the first selections');
    await settle();
    const lists = ['runs.list', 'jobs.list', 'samples.batches', 'datasets.list', 'evaluations.list'];
    const count = (name: string) => h.transport.calls.filter((c) => c.name === name).length;
    const before = Object.fromEntries([...lists, 'runs.get'].map((n) => [n, count(n)]));
    expect(Object.values(before).slice(0, lists.length)).toEqual([1, 1, 1, 1, 1]);

    h.transport.setConnection('reconnecting');
    h.transport.setConnection('open');
    await waitFor(() => lists.every((n) => count(n) === 2), 5000, 'every list to load again');
    await waitFor(() => count('runs.get') > before['runs.get']!, 5000, 'the shown run to reload');
    expect(h.transport.calls.filter((c) => c.name === 'runs.get').at(-1)!.input).toEqual({ runId: made.runId });
  });
});
