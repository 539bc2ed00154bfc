import { z } from 'zod';
import { RunStatusSchema } from './job';
import { CganConfigInputSchema, CganConfigSchema, PresetNameSchema } from './run-config';

export const RUN_KINDS = ['cgan'] as const;
export const RunKindSchema = z.enum(RUN_KINDS);
export type RunKind = z.infer<typeof RunKindSchema>;

/** A dataset a run trains on; `role` is 'train' for a cGAN ('a' / 'b' for CycleGAN later). */
export const RunDatasetSchema = z.object({ role: z.string(), ref: z.string(), versionId: z.string(), name: z.string() });
export type RunDataset = z.infer<typeof RunDatasetSchema>;

/** A health warning: `code` is stable (d_winning, mode_collapse, oscillation). */
export const RunWarningSchema = z.object({ step: z.number().int(), code: z.string(), message: z.string(), time: z.string() });
export type RunWarning = z.infer<typeof RunWarningSchema>;

export const RunVersionsSchema = z.object({ app: z.string(), tfjs: z.string().nullable(), backend: z.string().nullable() });

/** CONTRACT `runs` / `run --json`: `{runId, kind, status, step, datasets, backend, config}` plus more. */
export const RunSummarySchema = z.object({
  runId: z.string(),
  kind: RunKindSchema,
  status: RunStatusSchema,
  step: z.number().int().nonnegative(),
  totalSteps: z.number().int().nonnegative(),
  datasets: z.array(RunDatasetSchema),
  backend: z.string().nullable(),
  config: CganConfigSchema,
  /** Fields of `config` that differ from the defaults. */
  configDiff: z.record(z.string(), z.unknown()),
  preset: PresetNameSchema.nullable(),
  versions: RunVersionsSchema,
  classNames: z.array(z.string()),
  /** Steps of saved checkpoints, ascending. */
  checkpoints: z.array(z.number().int()),
  warnings: z.array(RunWarningSchema),
  error: z.string().nullable(),
  runDir: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

/** Parameters of a `train-cgan` job, as the worker receives them. The run id is the job id; its folder `<home>/runs/<runId>`. */
export const TrainCganParamsSchema = z.object({
  datasetVersionId: z.string(),
  config: CganConfigSchema,
  /** Tests only: make the losses NaN at this step (the NaN guard must stop the run). */
  injectNanAtStep: z.number().int().positive().optional(),
});
export type TrainCganParams = z.infer<typeof TrainCganParamsSchema>;

/** `runs.create`: a dataset, an optional preset and any config field (explicit beats preset beats default). */
export const CreateRunInputSchema = z.object({
  kind: RunKindSchema.default('cgan'),
  dataset: z.string().min(1),
  preset: PresetNameSchema.optional(),
  config: CganConfigInputSchema.default({}),
}).strict();
export type CreateRunInput = z.infer<typeof CreateRunInputSchema>;

/** A sample grid: rows = classes, columns = fixed noise vectors, EMA weights. */
export const RunSampleSchema = z.object({ step: z.number().int(), path: z.string() });
export type RunSample = z.infer<typeof RunSampleSchema>;

export const RunMetricsPointSchema = z.object({ step: z.number().int(), metrics: z.record(z.string(), z.number()) });
export type RunMetricsPoint = z.infer<typeof RunMetricsPointSchema>;
