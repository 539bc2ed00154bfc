import { z } from 'zod';
import { RunStatusSchema } from './job';

/** A model kind (`cgan`, `cyclegan`, …): the engine's model registry knows them; `models.list` lists them. */
export const RunKindSchema = z.string().min(1).max(64).regex(/^[a-z][a-z0-9-]*$/, 'a model kind is lower-case letters, digits and dashes');
export type RunKind = z.infer<typeof RunKindSchema>;

/** Preset names are the model's own (`quick`, `balanced`, `best` for the GANs). */
export const PresetNameSchema = z.string().min(1).max(64);

/**
 * A run's resolved config: the fields every model has (the loop reads them) plus the model's own, as its
 * `models.list` entry describes them.
 */
export const RunConfigSchema = z.looseObject({
  resolution: z.number().int().positive(),
  channels: z.union([z.literal(1), z.literal(3)]),
  steps: z.number().int().positive(),
  batch: z.number().int().positive(),
  seed: z.number().int().nonnegative(),
});
export type RunConfig = z.infer<typeof RunConfigSchema>;

/** A dataset a run trains on; `role` is 'train' for a cGAN, 'a' / 'b' for CycleGAN's two domains. */
export const RunDatasetSchema = z.object({ role: z.string(), ref: z.string(), versionId: z.string(), name: z.string() });
export type RunDataset = z.infer<typeof RunDatasetSchema>;

/** A health warning: `code` is stable (d_winning, mode_collapse, oscillation). */
export const RunWarningSchema = z.object({ step: z.number().int(), code: z.string(), message: z.string(), time: z.string() });
export type RunWarning = z.infer<typeof RunWarningSchema>;

export const RunVersionsSchema = z.object({ app: z.string(), tfjs: z.string().nullable(), backend: z.string().nullable() });

/** CONTRACT `runs` / `run --json`: `{runId, kind, status, step, datasets, backend, config}` plus more. */
const RunSummaryBase = z.object({
  runId: z.string(),
  status: RunStatusSchema,
  step: z.number().int().nonnegative(),
  totalSteps: z.number().int().nonnegative(),
  datasets: z.array(RunDatasetSchema),
  backend: z.string().nullable(),
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
  /** Bytes of the files under `runDir` (checkpoints, sample grids, anything else there); null where not measured (the runs repo: the API fills it). */
  diskBytes: z.number().int().nonnegative().nullable(),
  createdAt: z.string(),
  /** When the run was deleted (its folder is gone; its rows stay for lineage); null while it exists. */
  deletedAt: z.string().nullable().default(null),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
});
/** A run of any model: `config` holds the shared fields and the model's own. */
export const RunSummarySchema = RunSummaryBase.extend({ kind: RunKindSchema, config: RunConfigSchema });
export type RunSummary = z.infer<typeof RunSummarySchema>;

/**
 * Parameters of a `train` job, as the worker receives them. The run id is the job id; its folder `<home>/runs/<runId>`.
 * Jobs queued before the one training loop (`train-cgan`, `train-cyclegan`) are read by `trainParamsOf`.
 */
export const TrainParamsSchema = z.object({
  kind: RunKindSchema,
  /** Dataset role (`train`, `a`, `b`) → dataset version id. */
  datasets: z.record(z.string(), z.string()),
  config: RunConfigSchema,
  /** Tests only: make the losses NaN at this step (the NaN guard must stop the run). */
  injectNanAtStep: z.number().int().positive().optional(),
});
export type TrainParams = z.infer<typeof TrainParamsSchema>;

/** `runs.create`: a model, its datasets by role (`{train: 'flowers'}`, `{a: 'day', b: 'night'}`), a preset and any config field. */
export const CreateRunInputSchema = z.object({
  kind: RunKindSchema.default('cgan'),
  datasets: z.record(z.string().min(1).max(64), z.string().min(1).max(300)),
  preset: PresetNameSchema.optional(),
  /** Explicit values: they win over the preset, which wins over the defaults. Checked against the model's schema. */
  config: z.record(z.string().min(1).max(64), z.unknown()).default({}),
}).strict();
export type CreateRunInput = z.input<typeof CreateRunInputSchema>;

/** A sample grid: rows = classes, columns = fixed noise vectors, EMA weights. */
export const RunSampleSchema = z.object({ step: z.number().int(), path: z.string() });
export type RunSample = z.infer<typeof RunSampleSchema>;

export const RunMetricsPointSchema = z.object({ step: z.number().int(), metrics: z.record(z.string(), z.number()) });
export type RunMetricsPoint = z.infer<typeof RunMetricsPointSchema>;
