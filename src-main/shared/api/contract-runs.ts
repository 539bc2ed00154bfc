import { z } from 'zod';
import { RunMetricsPointSchema, RunSampleSchema, RunSummarySchema, CreateRunInputSchema, RunWarningSchema } from '../domain/run';
import { CYCLEGAN_PRESETS, CycleganConfigSchema } from '../domain/cyclegan-config';
import { CGAN_PRESETS, CganConfigSchema, PRESET_LABELS } from '../domain/run-config';

const RunIdInput = z.object({ runId: z.string().min(1).max(64) }).strict();

/** Training runs (cGAN and CycleGAN). Spread into `calls` in contract.ts. */
export const runCalls = {
  'runs.list': { input: z.object({}).strict(), output: z.object({ runs: z.array(RunSummarySchema) }) },
  'runs.get': { input: RunIdInput, output: RunSummarySchema },
  /** Checks the dataset (labeled, intact, big enough), resolves the config and queues the run. */
  'runs.create': { input: CreateRunInputSchema, output: RunSummarySchema },
  /** Continues a run from its latest checkpoint, to `steps` in total (above the current step) or its planned total. */
  'runs.resume': {
    input: z.object({ runId: z.string().min(1).max(64), steps: z.number().int().positive().optional() }).strict(),
    output: RunSummarySchema,
  },
  'runs.pause': { input: RunIdInput, output: RunSummarySchema },
  /** Stops a run; it writes a checkpoint first. */
  'runs.stop': { input: RunIdInput, output: RunSummarySchema },
  /** The sample-grid timeline, oldest first. */
  'runs.samples': { input: RunIdInput, output: z.object({ samples: z.array(RunSampleSchema) }) },
  /** One sample grid as PNG bytes (base64), for faces that cannot read the run folder (web mode). */
  'runs.sampleImage': {
    input: z.object({ runId: z.string().min(1).max(64), step: z.number().int().nonnegative() }).strict(),
    output: z.object({ step: z.number().int(), mime: z.literal('image/png'), base64: z.string() }),
  },
  /** Metric history for the charts (every `metricsEvery` steps). */
  'runs.metrics': {
    input: z.object({ runId: z.string().min(1).max(64), sinceStep: z.number().int().nonnegative().optional() }).strict(),
    output: z.object({ points: z.array(RunMetricsPointSchema) }),
  },
  'runs.warnings': { input: RunIdInput, output: z.object({ warnings: z.array(RunWarningSchema) }) },
  /** Defaults and presets, for the config form. */
  'runs.configDefaults': {
    input: z.object({}).strict(),
    output: z.object({
      defaults: CganConfigSchema,
      presets: z.record(z.string(), z.object({ label: z.string(), values: z.record(z.string(), z.unknown()) })),
      /** The same for CycleGAN runs. */
      cyclegan: z.object({
        defaults: CycleganConfigSchema,
        presets: z.record(z.string(), z.object({ label: z.string(), values: z.record(z.string(), z.unknown()) })),
      }),
    }),
  },
} as const;

/** The presets as the UI lists them (the cGAN's, or CycleGAN's). */
export function presetTable(kind: 'cgan' | 'cyclegan' = 'cgan'): Record<string, { label: string; values: Record<string, unknown> }> {
  const presets: Record<string, Record<string, unknown>> = kind === 'cgan' ? CGAN_PRESETS : CYCLEGAN_PRESETS;
  return Object.fromEntries(Object.entries(presets).map(([k, v]) => [k, { label: PRESET_LABELS[k as keyof typeof PRESET_LABELS], values: v }]));
}
