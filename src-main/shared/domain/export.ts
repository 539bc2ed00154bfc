import { z } from 'zod';

/** `exports.create`: CONTRACT `export <batchId>… --out DIR [--with-real D] [--ratio R] [--format png|jpg] [--resolution R] [--overwrite]`. */
export const ExportInputSchema = z.object({
  batchIds: z.array(z.string().min(1).max(64)).min(1).max(1000),
  out: z.string().min(1).max(4096),
  /** A labeled dataset (NAME, NAME@VERSION or id) whose TRAIN split is merged in. */
  withReal: z.string().min(1).max(300).optional(),
  /** Synthetic images per real image, per class (needs withReal). */
  ratio: z.number().positive().max(1000).optional(),
  format: z.enum(['png', 'jpg']).default('png'),
  resolution: z.number().int().min(8).max(4096).optional(),
  overwrite: z.boolean().default(false),
}).strict();
export type ExportInput = z.infer<typeof ExportInputSchema>;

export const ExportClassSchema = z.object({ name: z.string(), folder: z.string(), index: z.number().int(), count: z.number().int() });

/** CONTRACT `export --json`: `{out, files, synthetic, real, classes: [{name, folder, count}]}`. */
export const ExportResultSchema = z.object({
  exportId: z.string(),
  out: z.string(),
  files: z.number().int(),
  synthetic: z.number().int(),
  real: z.number().int(),
  classes: z.array(ExportClassSchema),
  /**
   * What the README says of the exported generated batches: the evaluation that judged them (its sentence), or the
   * command that runs one; null when the export holds no generated batch.
   */
  evaluation: z.object({
    evaluationId: z.string().nullable(), summary: z.string().nullable(), coversAllBatches: z.boolean(), evaluateCommand: z.string().nullable(),
  }).nullable().optional(),
});
export type ExportResult = z.infer<typeof ExportResultSchema>;

/** `exports.list`: one export still on disk as far as the studio knows (completed, not replaced, not deleted). */
export const ExportSummarySchema = z.object({
  exportId: z.string(),
  out: z.string(),
  format: z.string(),
  batchIds: z.array(z.string()),
  files: z.number().int(),
  synthetic: z.number().int(),
  real: z.number().int(),
  createdAt: z.string(),
});
export type ExportSummary = z.infer<typeof ExportSummarySchema>;

/** Every column of metadata.jsonl / provenance.csv (CONTRACT "The export layout"), in order. */
export const METADATA_COLUMNS = [
  'file_name', 'label', 'synthetic', 'sha256', 'run_id', 'checkpoint_step', 'batch_id', 'seed', 'sample_index', 'truncation', 'weights',
  'direction', 'source_sha256', 'dataset_version_id',
] as const;
export type MetadataRow = Record<(typeof METADATA_COLUMNS)[number], string | number | boolean | null>;
