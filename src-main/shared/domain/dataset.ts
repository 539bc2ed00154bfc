import { z } from 'zod';

/** Labeled: one subfolder per class. Domain: unlabeled images for CycleGAN, one class named after the dataset. */
export const DATASET_KINDS = ['labeled', 'domain'] as const;
export const DatasetKindSchema = z.enum(DATASET_KINDS);
export type DatasetKind = z.infer<typeof DatasetKindSchema>;

/**
 * Why a file was not imported. Stable: users' scripts match on these codes.
 * - empty_file: 0 bytes; corrupt_image: a known image format that fails to decode (truncated, damaged);
 * - not_an_image: content is no image format; unsupported_format: an image format this build cannot decode;
 * - unreadable: permission or I/O error; symlink_loop: a link cycle; broken_symlink: link target missing;
 * - not_a_file: a device, socket or pipe; too_large: above the size limit;
 * - not_in_class: a file at the top of a labeled folder (it has no class);
 * - class_conflict: identical bytes in two classes (ambiguous label); duplicate: identical bytes twice in one class;
 * - link_outside: (web mode) a symbolic link that leads out of the folders the server may use; not followed.
 */
export const SKIP_CODES = [
  'empty_file',
  'corrupt_image',
  'not_an_image',
  'unsupported_format',
  'unreadable',
  'symlink_loop',
  'broken_symlink',
  'not_a_file',
  'too_large',
  'not_in_class',
  'class_conflict',
  'duplicate',
  'link_outside',
] as const;
export const SkipCodeSchema = z.enum(SKIP_CODES);
export type SkipCode = z.infer<typeof SkipCodeSchema>;

/** One file or folder that was not imported; `path` is relative to the imported folder, with '/' separators. */
export const SkippedFileSchema = z.object({ path: z.string(), code: SkipCodeSchema, reason: z.string() });
export type SkippedFile = z.infer<typeof SkippedFileSchema>;

export const DatasetClassSchema = z.object({ name: z.string(), count: z.number().int().nonnegative() });
export type DatasetClass = z.infer<typeof DatasetClassSchema>;

/** Files added, removed and changed (same path, other bytes or class) against the previous latest version. */
export const DatasetDiffSchema = z.object({
  added: z.number().int().nonnegative(),
  removed: z.number().int().nonnegative(),
  changed: z.number().int().nonnegative(),
});
export type DatasetDiff = z.infer<typeof DatasetDiffSchema>;

/** CONTRACT `import --json`. */
export const ImportResultSchema = z.object({
  datasetId: z.string(),
  name: z.string(),
  versionId: z.string(),
  count: z.number().int().nonnegative(),
  classes: z.array(DatasetClassSchema),
  skipped: z.array(SkippedFileSchema),
  emptyClasses: z.array(z.string()),
  diff: DatasetDiffSchema,
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

/** CONTRACT `datasets` / `dataset --json`, plus a few extra fields (additions are allowed). */
export const DatasetSummarySchema = z.object({
  datasetId: z.string(),
  name: z.string(),
  kind: DatasetKindSchema,
  versionId: z.string(),
  count: z.number().int().nonnegative(),
  classes: z.array(DatasetClassSchema),
  /** 1, 2, 3… in import order within the dataset. */
  versionNumber: z.number().int().positive(),
  /** The folder the images were imported from, in place. */
  sourceFolder: z.string(),
  split: z.object({ seed: z.number().int(), holdoutFraction: z.number(), train: z.number().int(), holdout: z.number().int() }),
  createdAt: z.string(),
});
export type DatasetSummary = z.infer<typeof DatasetSummarySchema>;

/** Options of `importDataset`, as they cross the API boundary (signal and callbacks are added by the engine). */
export const ImportOptionsSchema = z.object({
  folder: z.string().min(1),
  kind: DatasetKindSchema,
  name: z.string().min(1).max(200).optional(),
  /** Files above this many bytes are skipped as `too_large` (default 200 MB). */
  maxFileBytes: z.number().int().positive().optional(),
  /** Per-class share kept out of training (default 0.1). */
  holdoutFraction: z.number().min(0).max(0.9).optional(),
  splitSeed: z.number().int().optional(),
});
export type ImportOptions = z.infer<typeof ImportOptionsSchema>;

/** Progress of an import or cache build; `etaSeconds` is null until a rate is known. */
export const DatasetProgressSchema = z.object({
  phase: z.enum(['scanning', 'reading', 'saving', 'caching']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  imagesPerSecond: z.number().nonnegative(),
  etaSeconds: z.number().nonnegative().nullable(),
});
export type DatasetProgress = z.infer<typeof DatasetProgressSchema>;

/** A file of a version whose bytes are no longer what was imported. */
export const FileProblemSchema = z.object({
  path: z.string(),
  code: z.enum(['changed', 'missing', 'unreadable']),
  reason: z.string(),
});
export type FileProblem = z.infer<typeof FileProblemSchema>;

export const CACHE_FITS = ['crop', 'pad'] as const;
export const CacheFitSchema = z.enum(CACHE_FITS);
export type CacheFit = z.infer<typeof CacheFitSchema>;
