import type { CreateRunInput } from '../../shared/domain/run';
import type { RunEstimate } from '../../shared/domain/estimate';
import type { Db } from '../db/database';
import type { MeasuredSteps } from '../jobs/job-host';
import { prepareRun } from '../training/create-run';

/** Steps the probe times after its first one: enough for a median, few enough to answer in seconds. */
export const PROBE_STEPS = 3;
/** Config keys that change how long a run takes but not how long one step takes (not part of the cache key). */
const NOT_SHAPE = new Set(['steps', 'seed', 'sampleEvery', 'checkpointEvery']);

export type MeasureSteps = (req: { kind: string; config: Record<string, unknown>; classes: number; steps: number }) => Promise<MeasuredSteps>;

/**
 * `runs.estimate`: resolves the config exactly as `runs.create` would (prepareRun: presets, auto resolution and
 * channels, a batch lowered to the data), then times the model's step in a probe worker and scales it to the run:
 * start-up + steps × step time + sample grids × grid time. Probes are kept per model, shape (every setting but the
 * step counts and seed), number of classes and backend, for the life of this process.
 */
export function createRunEstimator(db: Db, measure: MeasureSteps) {
  const cache = new Map<string, Promise<MeasuredSteps & { at: string }>>();
  return async function estimate(input: CreateRunInput): Promise<RunEstimate> {
    const r = await prepareRun(db, input);
    const config = r.config as unknown as Record<string, unknown>;
    const shape = Object.fromEntries(Object.entries(config).filter(([k]) => !NOT_SHAPE.has(k)).sort(([a], [b]) => a.localeCompare(b)));
    const classes = Math.max(1, r.classNames.length);
    const key = `${r.spec.kind}|${classes}|${JSON.stringify(shape)}`;
    let probe = cache.get(key);
    const cached = probe !== undefined;
    if (!probe) {
      probe = measure({ kind: r.spec.kind, config, classes, steps: PROBE_STEPS }).then((m) => ({ ...m, at: new Date().toISOString() }));
      cache.set(key, probe);
      probe.catch(() => cache.delete(key)); // a failed probe is tried again next time
    }
    const m = await probe;
    const startupSeconds = Math.max(0, m.wallMs - m.steps * m.msPerStep - m.previewMs) / 1000;
    const grids = Math.floor(r.config.steps / r.config.sampleEvery) + 1;
    const seconds = startupSeconds + (r.config.steps * m.msPerStep + grids * m.previewMs) / 1000;
    return {
      kind: r.spec.kind, config, notes: r.notes, backend: m.backend, msPerStep: m.msPerStep, startupSeconds, previewMs: m.previewMs,
      seconds, measuredSteps: m.steps, measuredAt: m.at, cached,
    };
  };
}
