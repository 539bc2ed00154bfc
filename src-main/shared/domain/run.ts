import { z } from 'zod';
import { RunStatusSchema } from './job';
import { CycleganConfigInputSchema, CycleganConfigSchema } from './cyclegan-config';
import { CganConfigInputSchema, CganConfigSchema, PresetNameSchema } from './run-config';

export const RUN_KINDS = ['cgan', 'cyclegan'] as const;
export const RunKindSchema = z.enum(RUN_KINDS);
export type RunKind = z.infer<typeof RunKindSchema>;

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
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
});
/** A run of either kind: check `kind` to get its config's type (shared fields: resolution, steps, batch, seed…). */
export const RunSummarySchema = z.discriminatedUnion('kind', [
  RunSummaryBase.extend({ kind: z.literal('cgan'), config: CganConfigSchema }),
  RunSummaryBase.extend({ kind: z.literal('cyclegan'), config: CycleganConfigSchema }),
]);
export type RunSummary = z.infer<typeof RunSummarySchema>;

/** Parameters of a `train-cgan` job, as the worker receives them. The run id is the job id; its folder `<home>/runs/<runId>`. */
export const TrainCganParamsSchema = z.object({
  datasetVersionId: z.string(),
  config: CganConfigSchema,
  /** Tests only: make the losses NaN at this step (the NaN guard must stop the run). */
  injectNanAtStep: z.number().int().positive().optional(),
});
export type TrainCganParams = z.infer<typeof TrainCganParamsSchema>;

/** Parameters of a `train-cyclegan` job: the two domains' dataset versions (A, B) and the resolved config. */
export const TrainCycleganParamsSchema = z.object({
  versionA: z.string(),
  versionB: z.string(),
  config: CycleganConfigSchema,
  /** Tests only: make the losses NaN at this step. */
  injectNanAtStep: z.number().int().positive().optional(),
});
export type TrainCycleganParams = z.infer<typeof TrainCycleganParamsSchema>;

/** `runs.create` of a cGAN: a labeled dataset, an optional preset and any config field (explicit beats preset beats default). */
export const CreateCganRunInputSchema = z.object({
  kind: z.literal('cgan').default('cgan'),
  dataset: z.string().min(1),
  preset: PresetNameSchema.optional(),
  config: CganConfigInputSchema.default({}),
}).strict();

/** `runs.create` of a CycleGAN: two different datasets, domain A and domain B. */
export const CreateCycleganRunInputSchema = z.object({
  kind: z.literal('cyclegan'),
  a: z.string().min(1),
  b: z.string().min(1),
  preset: PresetNameSchema.optional(),
  config: CycleganConfigInputSchema.default({}),
}).strict();

/** `runs.create` input: either form (a missing `kind` is a cGAN). */
export const CreateRunInputSchema = z.union([CreateCganRunInputSchema, CreateCycleganRunInputSchema]);
/** The cGAN form (the name predates CycleGAN; the renderer's cGAN form uses it). */
export type CreateRunInput = z.infer<typeof CreateCganRunInputSchema>;
export type CreateCycleganRunInput = z.infer<typeof CreateCycleganRunInputSchema>;
export type CreateAnyRunInput = z.infer<typeof CreateRunInputSchema>;

/** A sample grid: rows = classes, columns = fixed noise vectors, EMA weights. */
export const RunSampleSchema = z.object({ step: z.number().int(), path: z.string() });
export type RunSample = z.infer<typeof RunSampleSchema>;

export const RunMetricsPointSchema = z.object({ step: z.number().int(), metrics: z.record(z.string(), z.number()) });
export type RunMetricsPoint = z.infer<typeof RunMetricsPointSchema>;
