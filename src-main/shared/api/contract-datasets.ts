import { z } from 'zod';
import {
  DatasetDiffSchema,
  DatasetProgressSchema,
  DatasetSummarySchema,
  FileProblemSchema,
  ImportOptionsSchema,
  ImportResultSchema,
  SkippedFileSchema,
} from '../domain/dataset';

/** Client-chosen id of one import, so progress events and cancel can name it before the call returns. */
const ImportId = z.string().regex(/^[\w-]{1,64}$/);
const Ref = z.string().min(1).max(300);

export const DatasetVersionSchema = z.object({
  versionId: z.string(),
  versionNumber: z.number().int().positive(),
  count: z.number().int().nonnegative(),
  sourceFolder: z.string(),
  diff: DatasetDiffSchema,
  createdAt: z.string(),
  latest: z.boolean(),
});
export type DatasetVersion = z.infer<typeof DatasetVersionSchema>;

export const DatasetDetailSchema = z.object({
  dataset: DatasetSummarySchema,
  versions: z.array(DatasetVersionSchema),
  skipped: z.array(SkippedFileSchema),
  emptyClasses: z.array(z.string()),
});
export type DatasetDetail = z.infer<typeof DatasetDetailSchema>;

export const DatasetImageSchema = z.object({
  fileIndex: z.number().int().nonnegative(),
  path: z.string(),
  sha256: z.string(),
  className: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  split: z.enum(['train', 'holdout']),
});
export type DatasetImage = z.infer<typeof DatasetImageSchema>;

/** Datasets: import (in place, or from an upload in web mode), versions, images and thumbnails. */
export const datasetCalls = {
  'datasets.list': { input: z.object({}).strict(), output: z.object({ datasets: z.array(DatasetSummarySchema) }) },
  /** `NAME`, `NAME@VERSION`, a dataset id or a version id. */
  'datasets.get': { input: z.object({ ref: Ref }).strict(), output: DatasetDetailSchema },
  /** Imports a folder as a new version (or returns the same version when unchanged). Progress: `dataset.progress`. */
  'datasets.import': { input: ImportOptionsSchema.extend({ importId: ImportId.optional() }).strict(), output: ImportResultSchema },
  'datasets.cancelImport': { input: z.object({ importId: ImportId }).strict(), output: z.object({ cancelled: z.boolean() }) },
  /** The Fashion-MNIST sample from Debian's dataset-fashion-mnist package, N per class. */
  'datasets.addFashionMnist': {
    input: z.object({ perClass: z.number().int().min(1).max(6000), name: z.string().min(1).max(200).optional(), importId: ImportId.optional() }).strict(),
    output: ImportResultSchema,
  },
  /** One page of a version's images, optionally of one class. */
  'datasets.images': {
    input: z
      .object({ versionId: z.string().min(1).max(100), className: z.string().max(300).optional(), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(100) })
      .strict(),
    output: z.object({ total: z.number().int().nonnegative(), images: z.array(DatasetImageSchema) }),
  },
  /** Re-hashes a version's files in place: which changed or vanished since import. */
  'datasets.verify': { input: z.object({ versionId: z.string().min(1).max(100) }).strict(), output: z.object({ problems: z.array(FileProblemSchema) }) },
  /** Web mode: a fresh folder in the home that `PUT /api/upload/<uploadId>/<path>` fills before `datasets.import`. */
  'uploads.create': {
    input: z.object({ name: z.string().min(1).max(200) }).strict(),
    output: z.object({ uploadId: z.string(), folder: z.string() }),
  },
} as const;

export const datasetEvents = {
  'dataset.progress': DatasetProgressSchema.extend({ importId: z.string() }),
} as const;
