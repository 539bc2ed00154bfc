import type { ModelInfo } from '@shared/domain/model-info';
import type { MetricSeries } from './metric-series';
import { chartsFor, type RunChart } from './run-charts';

/**
 * Two runs' metric histories on one step axis, for overlaid charts: run A's metric `lossD` becomes `a:lossD`, run
 * B's `b:lossD`; a step only one run recorded holds NaN for the other's (the chart spans those gaps).
 */
export function overlaySeries(a: MetricSeries | undefined, b: MetricSeries | undefined): MetricSeries {
  const steps = [...new Set([...(a?.steps ?? []), ...(b?.steps ?? [])])].sort((x, y) => x - y);
  const values: Record<string, number[]> = {};
  for (const [prefix, s] of [['a', a], ['b', b]] as const) {
    if (!s) continue;
    const at = new Map(s.steps.map((step, i) => [step, i]));
    for (const [name, col] of Object.entries(s.values)) {
      values[`${prefix}:${name}`] = steps.map((step) => {
        const i = at.get(step);
        return i === undefined ? NaN : col[i]!;
      });
    }
  }
  return { steps, values };
}

/**
 * The charts of a comparison: each chart of run A's model, every line twice, run A's solid and run B's dashed in
 * the same colour, labelled with the run ids. A run of another model contributes the lines its metrics share.
 */
export function overlayCharts(info: ModelInfo | null, idA: string, idB: string, recorded: string[] = []): RunChart[] {
  return chartsFor(info, recorded).map((c) => ({
    ...c,
    lines: c.lines.flatMap((l) => [
      { ...l, key: `a:${l.key}`, label: `${idA} ${l.label}` },
      { ...l, key: `b:${l.key}`, label: `${idB} ${l.label}`, dash: [6, 4] as [number, number] },
    ]),
  }));
}
