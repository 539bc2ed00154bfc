import { describe, expect, it } from 'vitest';
import { listModelInfo } from '../../src-main/engine/models/registry';
import { overlayCharts, overlaySeries } from '../../src-renderer/src/utils/run-compare';

describe('comparing two runs', () => {
  it('overlaySeries puts both runs on one step axis, a step only one run has is a gap for the other', () => {
    const a = { steps: [10, 20, 30], values: { lossD: [1, 2, 3] } };
    const b = { steps: [5, 20], values: { lossD: [9, 8], lossG: [7, 6] } };
    const o = overlaySeries(a, b);
    expect(o.steps).toEqual([5, 10, 20, 30]);
    expect(o.values['a:lossD']).toEqual([NaN, 1, 2, 3]);
    expect(o.values['b:lossD']).toEqual([9, NaN, 8, NaN]);
    expect(o.values['b:lossG']).toEqual([7, NaN, 6, NaN]);
    expect(overlaySeries(a, undefined)).toEqual({ steps: [10, 20, 30], values: { 'a:lossD': [1, 2, 3] } });
  });

  it("overlayCharts: each chart of run A's model, each line once per run, B's dashed in the same colour", () => {
    const info = listModelInfo().find((m) => m.kind === 'cyclegan')!;
    const charts = overlayCharts(info, 'r1', 'r2');
    expect(charts.map((c) => c.title)).toEqual(info.charts.map((c) => c.title));
    const first = charts[0]!, declared = info.charts[0]!.series;
    expect(first.lines).toHaveLength(declared.length * 2);
    expect(first.lines[0]).toMatchObject({ key: `a:${declared[0]!.key}`, label: `r1 ${declared[0]!.label}` });
    expect(first.lines[1]).toMatchObject({ key: `b:${declared[0]!.key}`, label: `r2 ${declared[0]!.label}`, dash: [6, 4], color: first.lines[0]!.color });
    expect(first.lines[0]!.dash).toBeUndefined();
  });
});
