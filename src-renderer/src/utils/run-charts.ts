import type { ModelInfo } from '@shared/domain/model-info';
import type { ChartLine } from './metric-series';

/** One chart card of the run dashboard: its title, test id and lines. */
export interface RunChart {
  title: string;
  testId: string;
  lines: ChartLine[];
}

/** Line colours in the order of a chart's series: distinct hues that read on light and dark themes. */
const PALETTE = ['#2f6fde', '#e8833a', '#18a058', '#d03050', '#8a5cd0', '#0e9aa7'];

/** `Losses` → `losses`, `D(x) vs D(G(z))` → `d-x-vs-d-g-z`: a test id from a chart title. */
export const slug = (title: string): string => title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'chart';

/**
 * The dashboard's charts of a model: its `charts`, as the engine declares them (series keys = metric names). A run
 * whose model this studio does not list gets one chart of every metric it recorded (`recorded`).
 */
export function chartsFor(info: ModelInfo | null, recorded: string[] = []): RunChart[] {
  const charts = info?.charts ?? (recorded.length ? [{ title: 'Metrics', series: recorded.map((key) => ({ key, label: key })) }] : []);
  return charts.map((c) => ({
    title: c.title,
    testId: `chart-${slug(c.title)}`,
    lines: c.series.map((s, i) => ({ key: s.key, label: s.label, color: PALETTE[i % PALETTE.length]! })),
  }));
}
