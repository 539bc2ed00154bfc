import { z } from 'zod';
import { ExportInputSchema, ExportResultSchema, ExportSummarySchema } from '../domain/export';
import { GenerateInputSchema, TranslateInputSchema, KeptFilterSchema, LineageSchema, NeighbourSchema, SampleBatchSchema, SampleSchema } from '../domain/sample';

const BatchIdInput = z.object({ batchId: z.string().min(1).max(64) }).strict();
const Png = z.object({ mime: z.literal('image/png'), base64: z.string() });
const ClassRef = z.string().min(1).max(300);

/** Generation, the gallery, comparison with real images, latent exploration, exports and lineage. */
export const sampleCalls = {
  /** Checks the run, checkpoint and classes, records the batch and queues its `generate` job (batch id = job id). */
  'samples.generate': { input: GenerateInputSchema, output: SampleBatchSchema },
  /** Checks the run (a translating model), checkpoint and inputs, records the batch and queues its `translate` job (batch id = job id). */
  'samples.translate': { input: TranslateInputSchema, output: SampleBatchSchema },
  'samples.batch': { input: BatchIdInput, output: SampleBatchSchema },
  'samples.batches': { input: z.object({ runId: z.string().min(1).max(64).optional() }).strict(), output: z.object({ batches: z.array(SampleBatchSchema) }) },
  /** Stops a running batch; the samples made so far stay. */
  'samples.cancel': { input: BatchIdInput, output: SampleBatchSchema },
  /** Deletes a batch and its samples; refused (conflict) when an export contains one of them. */
  'samples.deleteBatch': { input: BatchIdInput, output: z.object({ deleted: z.number().int() }) },
  /** The gallery: a page of a batch's samples, optionally one class; `kept` lists all of them (default), or only the kept or the rejected ones. */
  'samples.list': {
    input: z.object({
      batchId: z.string().min(1).max(64), classIndex: z.number().int().nonnegative().optional(), kept: KeptFilterSchema.optional(),
      offset: z.number().int().nonnegative().default(0), limit: z.number().int().min(1).max(1000).default(200),
    }).strict(),
    output: z.object({ total: z.number().int(), samples: z.array(SampleSchema) }),
  },
  /** Keep or reject samples; rejected samples are never exported. */
  'samples.setKept': {
    input: z.object({ sampleIds: z.array(z.number().int().nonnegative()).min(1).max(100_000), kept: z.boolean() }).strict(),
    output: z.object({ updated: z.number().int() }),
  },
  /** Per class: real training images of the run's dataset version vs kept synthetic samples of the batch. */
  'samples.counts': {
    input: BatchIdInput,
    output: z.object({ classes: z.array(z.object({ index: z.number().int(), name: z.string(), real: z.number().int(), synthetic: z.number().int() })) }),
  },
  /** The real training images nearest to a sample in pixel space (at the batch's resolution), nearest first. */
  'samples.nearestReal': {
    input: z.object({ sampleId: z.number().int().nonnegative(), k: z.number().int().min(1).max(50).default(5), sameClass: z.boolean().default(false) }).strict(),
    output: z.object({ neighbours: z.array(NeighbourSchema) }),
  },
  /** Latent walk within a class: `steps` images from seed A's latent to seed B's (sample index 0 of each). */
  'samples.interpolate': {
    input: z.object({
      runId: z.string().min(1).max(64), class: ClassRef, seedA: z.number().int().min(0), seedB: z.number().int().min(0),
      steps: z.number().int().min(2).max(64).default(8), checkpoint: z.union([z.number().int().nonnegative(), z.literal('latest')]).default('latest'),
      weights: z.enum(['ema', 'raw']).default('ema'), truncation: z.number().positive().max(10).nullable().default(null),
    }).strict(),
    output: z.object({ images: z.array(Png) }),
  },
  /** One latent dimension swept over `values` for one sample (seed, class, index). */
  'samples.varyDim': {
    input: z.object({
      runId: z.string().min(1).max(64), class: ClassRef, seed: z.number().int().min(0), sampleIndex: z.number().int().nonnegative().default(0),
      dim: z.number().int().nonnegative(), values: z.array(z.number().min(-10).max(10)).min(1).max(64),
      checkpoint: z.union([z.number().int().nonnegative(), z.literal('latest')]).default('latest'), weights: z.enum(['ema', 'raw']).default('ema'),
    }).strict(),
    output: z.object({ images: z.array(Png) }),
  },
  /** Writes batches (and optionally a dataset's real TRAIN images) in the CONTRACT export layout, atomically. */
  'exports.create': { input: ExportInputSchema, output: ExportResultSchema },
  /** The export history: exports still in place (completed, not replaced or deleted), newest first. */
  'exports.list': { input: z.object({}).strict(), output: z.object({ exports: z.array(ExportSummarySchema) }) },
  /** From an exported file's path or a sha256 back to its sample, batch, checkpoint, run and real sources. */
  'lineage.resolve': { input: z.object({ ref: z.string().min(1).max(4096) }).strict(), output: LineageSchema },
} as const;
