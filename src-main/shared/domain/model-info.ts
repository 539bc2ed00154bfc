import { z } from 'zod';

/**
 * What a face knows of a model: everything the CLI flags, the run form, the charts and the review pages need, as
 * plain data sent over the contract (`models.list`). The renderer never imports a model; it reads this.
 */

/** One config field, derived from the model's annotated zod schema (`describeConfig`). */
export const ConfigFieldSchema = z.object({
  key: z.string(),
  /** The CLI flag without dashes (kebab-case of the key, or the field's own `flag`). */
  flag: z.string(),
  label: z.string(),
  help: z.string(),
  /** Groups of the form ('data', 'network', 'optimizer', …), in the schema's order. */
  group: z.string(),
  /** Hidden behind "advanced" in the form and listed last in `--help`. */
  advanced: z.boolean(),
  /** Set by the studio (from the datasets), not by the user: shown, never asked for. */
  derived: z.boolean(),
  type: z.enum(['integer', 'number', 'boolean', 'choice', 'multi']),
  /** The allowed values of a choice (or of each item of a multi). */
  options: z.array(z.union([z.string(), z.number()])).nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  /** The minimum itself is not allowed (learning rates: > 0). */
  minExclusive: z.boolean(),
  default: z.unknown(),
});
export type ConfigField = z.infer<typeof ConfigFieldSchema>;

/** A dataset a model trains on: one labeled dataset (`train`), or domains `a` and `b`. */
export const DatasetRoleSchema = z.object({
  role: z.string(),
  label: z.string(),
  /** The CLI flag without dashes (`dataset`, `a`, `b`). */
  flag: z.string(),
  /** Which kind of dataset fills it: labeled (one subfolder per class), domain, or either. */
  datasetKind: z.enum(['labeled', 'domain', 'any']),
  /** Fewest images the role's dataset needs (its training split is what trains). */
  minImages: z.number().int().positive(),
});
export type DatasetRole = z.infer<typeof DatasetRoleSchema>;

/** A chart of the run dashboard: scalars a training step reports. */
export const ChartSchema = z.object({
  title: z.string(),
  series: z.array(z.object({ key: z.string(), label: z.string() })),
});

export const ModelInfoSchema = z.object({
  kind: z.string(),
  title: z.string(),
  summary: z.string(),
  datasets: z.array(DatasetRoleSchema),
  /** What its checkpoints make: samples of a class from noise, or translations of given images. */
  inference: z.enum(['generate', 'translate']),
  /** Translation directions (`a2b`, `b2a`) for translating models; empty otherwise. */
  directions: z.array(z.object({ name: z.string(), from: z.string(), to: z.string() })),
  fields: z.array(ConfigFieldSchema),
  defaults: z.record(z.string(), z.unknown()),
  presets: z.array(z.object({ name: z.string(), label: z.string(), summary: z.string(), values: z.record(z.string(), z.unknown()) })),
  charts: z.array(ChartSchema),
  /** The images a run keeps as it trains: rows are classes (a grid) or fixed inputs (a panel), with column titles. */
  preview: z.object({ title: z.string(), rows: z.enum(['classes', 'inputs']), columns: z.array(z.string()).nullable() }),
  /** How the health panel names D's score on the fakes and what it advises when D wins; null for a model without a discriminator (diffusion). */
  health: z.object({ score: z.string(), advice: z.string() }).nullable(),
});
export type ModelInfo = z.infer<typeof ModelInfoSchema>;
