import { z } from 'zod';
import { BackendNameSchema } from './backend';

/**
 * `runs.estimate`: how long a run would take, before it starts, from its training step measured on this machine
 * and backend, with the config `runs.create` would resolve (presets, "auto" resolution and channels, a lowered batch).
 */
export const RunEstimateSchema = z.object({
  kind: z.string(),
  /** The resolved config the run would get (what "Auto" stands for, among the rest). */
  config: z.record(z.string(), z.unknown()),
  notes: z.array(z.string()),
  backend: BackendNameSchema.nullable(),
  /** Median time of one training step after the first (ms). */
  msPerStep: z.number(),
  /** Fork, backend, model and first step: paid once per run (s). */
  startupSeconds: z.number(),
  /** One sample grid, drawn every `sampleEvery` steps (ms). */
  previewMs: z.number(),
  /** The whole run: start-up, every step and every sample grid (s). Checkpoint writes are not counted. */
  seconds: z.number(),
  /** Steps timed by the probe (after its first one). */
  measuredSteps: z.number().int(),
  /** When the probe ran; an estimate is reused for the same model, shape and backend. */
  measuredAt: z.string(),
  cached: z.boolean(),
});
export type RunEstimate = z.infer<typeof RunEstimateSchema>;
