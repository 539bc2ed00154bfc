import { z } from 'zod';
import { RunEstimateSchema } from '../domain/estimate';
import { RunMetricsPointSchema, RunSampleSchema, RunSummarySchema, CreateRunInputSchema, RunWarningSchema } from '../domain/run';

const RunIdInput = z.object({ runId: z.string().min(1).max(64) }).strict();

/** Training runs of every model. Spread into `calls` in contract.ts. */
export const runCalls = {
  'runs.list': { input: z.object({}).strict(), output: z.object({ runs: z.array(RunSummarySchema) }) },
  'runs.get': { input: RunIdInput, output: RunSummarySchema },
  /** Checks the datasets (the model's roles, intact, big enough), resolves the config and queues the run. */
  'runs.create': { input: CreateRunInputSchema, output: RunSummarySchema },
  /** How long `runs.create` with this input would train here: the resolved config and a measured probe step, scaled. */
  'runs.estimate': { input: CreateRunInputSchema, output: RunEstimateSchema },
  /** Continues a run from its latest checkpoint, to `steps` in total (above the current step) or its planned total. */
  'runs.resume': {
    input: z.object({ runId: z.string().min(1).max(64), steps: z.number().int().positive().optional() }).strict(),
    output: RunSummarySchema,
  },
  'runs.pause': { input: RunIdInput, output: RunSummarySchema },
  /** Stops a run; it writes a checkpoint first. */
  'runs.stop': { input: RunIdInput, output: RunSummarySchema },
  /** The sample-grid timeline, oldest first; each grid is shown by URL (shared/api/image-ref.ts: `grid/<runId>/<step>`). */
  'runs.samples': { input: RunIdInput, output: z.object({ samples: z.array(RunSampleSchema) }) },
  /** Metric history for the charts (every `metricsEvery` steps). */
  'runs.metrics': {
    input: z.object({ runId: z.string().min(1).max(64), sinceStep: z.number().int().nonnegative().optional() }).strict(),
    output: z.object({ points: z.array(RunMetricsPointSchema) }),
  },
  'runs.warnings': { input: RunIdInput, output: z.object({ warnings: z.array(RunWarningSchema) }) },
} as const;
