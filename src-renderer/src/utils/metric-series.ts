/**
 * A run's metric history as column arrays for uPlot: `steps[i]` with `values[name][i]` (NaN where a point lacks
 * that metric). Stored history (every `metricsEvery` steps) and live progress (every step) merge into it.
 */
export interface MetricSeries {
  steps: number[];
  values: Record<string, number[]>;
}

/** One line of a chart: a metric name as the engine emits it (`lossD`, `dFake`…), its label and colour. */
export interface ChartLine {
  key: string;
  label: string;
  color: string;
  /** Dashed line: the lengths of dash and gap in px. */
  dash?: [number, number];
}

/** Points kept per run: enough to see the trend of a long run, bounded memory and redraw time. */
export const MAX_POINTS = 6000;

export function emptySeries(): MetricSeries {
  return { steps: [], values: {} };
}

/** Appends one point, or rebuilds when it lands inside the series (history arriving after live points). */
export function addPoint(series: MetricSeries, step: number, metrics: Record<string, number>): void {
  const last = series.steps.at(-1);
  if (last === undefined || step > last) {
    const n = series.steps.length;
    series.steps.push(step);
    for (const [name, v] of Object.entries(metrics)) (series.values[name] ??= new Array<number>(n).fill(NaN)).push(v);
    for (const [name, col] of Object.entries(series.values)) if (!(name in metrics)) col.push(NaN);
  } else {
    mergePoints(series, [{ step, metrics }]);
  }
  trim(series);
}

/** Merges many points at once (history from `runs.metrics`); a live point wins over history at the same step. */
export function mergePoints(series: MetricSeries, points: { step: number; metrics: Record<string, number> }[]): void {
  const byStep = new Map<number, Record<string, number>>();
  for (const p of points) byStep.set(p.step, p.metrics);
  series.steps.forEach((s, i) => {
    const m: Record<string, number> = {};
    for (const [name, col] of Object.entries(series.values)) if (Number.isFinite(col[i])) m[name] = col[i]!;
    byStep.set(s, { ...byStep.get(s), ...m });
  });
  const steps = [...byStep.keys()].sort((a, b) => a - b);
  const names = new Set(steps.flatMap((s) => Object.keys(byStep.get(s)!)));
  series.steps = steps;
  series.values = Object.fromEntries([...names].map((name) => [name, steps.map((s) => byStep.get(s)![name] ?? NaN)]));
  trim(series);
}

/** Drops points at or after `step`: a resumed run restarts from its checkpoint and redoes them. */
export function truncateFrom(series: MetricSeries, step: number): void {
  const keep = series.steps.findIndex((s) => s >= step);
  if (keep < 0) return;
  series.steps.length = keep;
  for (const col of Object.values(series.values)) col.length = keep;
}

function trim(series: MetricSeries): void {
  const extra = series.steps.length - MAX_POINTS;
  if (extra <= 0) return;
  series.steps.splice(0, extra);
  for (const col of Object.values(series.values)) col.splice(0, extra);
}
