import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DatasetSummary } from '../../src-main/shared/domain/dataset';
import { listModelInfo } from '../../src-main/engine/models/registry';
import { imageUrl } from '../../src-renderer/src/api/image-url';
import { canFill, datasetProblem, defaultDatasets, fieldStep, groupFields } from '../../src-renderer/src/utils/config-fields';
import { chartsFor } from '../../src-renderer/src/utils/run-charts';

const models = listModelInfo();
const model = (kind: string) => models.find((m) => m.kind === kind)!;
const ds = (name: string, kind: 'labeled' | 'domain', count: number): DatasetSummary =>
  ({ datasetId: name, name, kind, versionId: `${name}-v1`, count, classes: kind === 'labeled' ? [{ name: 'a', count }] : [] }) as unknown as DatasetSummary;

describe('the run form, charts and preview come from models.list alone', () => {
  it.each(models.map((m) => [m.kind, m] as const))('%s: every field lands in exactly one group, every chart has its series', (_kind, info) => {
    const shown = [...groupFields(info.fields, false), ...groupFields(info.fields, true)].flatMap((g) => g.fields.map((f) => f.key));
    expect(shown.sort()).toEqual(info.fields.map((f) => f.key).sort());
    for (const g of groupFields(info.fields, true)) expect(g.fields.every((f) => f.advanced)).toBe(true);
    const charts = chartsFor(info);
    expect(charts.map((c) => c.lines.map((l) => l.key))).toEqual(info.charts.map((c) => c.series.map((s) => s.key)));
    expect(new Set(charts.map((c) => c.testId)).size).toBe(charts.length);
    for (const f of info.fields) if (f.type === 'integer' || f.type === 'number') expect(fieldStep(f)).toBeGreaterThan(0);
  });

  it('a run of a model this studio does not list still charts what it recorded', () => {
    expect(chartsFor(null, ['lossA', 'lossB'])[0]!.lines.map((l) => l.key)).toEqual(['lossA', 'lossB']);
    expect(chartsFor(null)).toEqual([]);
  });

  it('picks datasets per role by kind, and says what is missing in words', () => {
    const all = [ds('flowers', 'labeled', 50), ds('day', 'domain', 20), ds('night', 'domain', 20), ds('tiny', 'domain', 3)];
    expect(defaultDatasets(model('cgan'), all)).toEqual({ train: 'flowers' });
    expect(defaultDatasets(model('cyclegan'), all)).toEqual({ a: 'day', b: 'night' });
    expect(canFill(model('template'), [ds('day', 'domain', 20)])).toBe(false);
    expect(datasetProblem(model('cyclegan'), { a: 'day', b: 'day' }, all)).toMatch(/must be different datasets/);
    expect(datasetProblem(model('cyclegan'), { a: 'day', b: 'tiny' }, all)).toMatch(/'tiny' has 3 images: Domain B needs at least 10/);
    expect(datasetProblem(model('cgan'), { train: 'flowers' }, all)).toBeNull();
    expect(datasetProblem(model('template'), { train: null }, [ds('day', 'domain', 20)])).toMatch(/needs a labeled dataset/);
  });
});

describe('imageUrl: the one way the renderer names an image', () => {
  afterEach(() => vi.unstubAllGlobals());
  const sha = 'cd'.repeat(32);

  it('desktop: the app: scheme, no token', () => {
    vi.stubGlobal('window', { ganStudio: {} });
    expect(imageUrl({ kind: 'sample', sha256: sha })).toBe(`app://studio/api/image/sample/${sha}`);
    expect(imageUrl({ kind: 'grid', runId: 'r1', step: 40 })).toBe('app://studio/api/image/grid/r1/40');
  });

  it('web: the token-checked route with the token in the query (an <img> sends no header)', () => {
    vi.stubGlobal('window', {});
    vi.stubGlobal('sessionStorage', { getItem: () => 'tok/en+1' });
    expect(imageUrl({ kind: 'thumb', sha256: sha })).toBe(`/api/image/thumb/${sha}?token=tok%2Fen%2B1`);
  });

  it('refuses a reference no server would accept', () => {
    vi.stubGlobal('window', { ganStudio: {} });
    expect(() => imageUrl({ kind: 'grid', runId: '../../x', step: 1 })).toThrow(/not a valid image reference/);
  });
});
