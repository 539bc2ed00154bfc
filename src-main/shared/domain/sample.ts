import { z } from 'zod';
import { RunStatusSchema } from './job';

/** Which generator weights a batch samples from: the EMA copy (default, smoother) or the raw trained ones. */
export const WeightsKindSchema = z.enum(['ema', 'raw']);
export type WeightsKind = z.infer<typeof WeightsKindSchema>;

/** Most samples one class may get in one batch (bad input above it). */
export const MAX_PER_CLASS = 100_000;

/**
 * How a batch was made, recorded so any sample can be regenerated bit for bit on the same backend and versions:
 * latents come from `rng` keyed by (seed, class, index), BatchNorm uses statistics frozen from a fixed reference
 * batch, and samples are computed in forward passes of exactly `chunk` latents of one class.
 */
export const GenerationRecipeSchema = z.object({
  rng: z.string(),
  chunk: z.number().int().positive(),
  bnReference: z.number().int().positive(),
  app: z.string().nullable(),
  tfjs: z.string().nullable(),
  backend: z.string().nullable(),
});
export type GenerationRecipe = z.infer<typeof GenerationRecipeSchema>;

/**
 * Whether `generate` filters its samples with a classifier when the call does not say (GaFi, Lampis et al. 2023).
 * On: on Fashion-MNIST filtered samples cost a classifier about a point less at ratio 5 and score 4 points more
 * synthetic-only, on three runs (docs/evaluation.md). A run the filter cannot judge is generated unfiltered.
 */
export const DEFAULT_FILTER = true;
/** The filter's default bar: the classifier's probability of the intended class a sample must reach. */
export const DEFAULT_MIN_CONFIDENCE = 0.8;
/** The filter draws at most this many × N latents per class before it keeps the N most confident. */
export const FILTER_MAX_DRAW_FACTOR = 20;
/**
 * A sample is a near-duplicate when its classifier features lie closer to an already kept sample of its class
 * than this fraction of the median nearest-neighbour distance between the class's real training images.
 */
export const NEAR_DUPLICATE_FRACTION = 0.5;

/** `samples.generate`: CONTRACT `generate <runId> --per-class N [--class C]… [--checkpoint STEP|latest] [--seed S] [--truncation T]`. */
export const GenerateInputSchema = z.object({
  runId: z.string().min(1).max(64),
  perClass: z.number().int(),
  /** Class names (or indices as strings); all classes when empty or missing. */
  classes: z.array(z.string().min(1).max(300)).max(10_000).optional(),
  checkpoint: z.union([z.number().int().nonnegative(), z.literal('latest')]).default('latest'),
  weights: WeightsKindSchema.default('ema'),
  /** Batch seed; a random one is drawn (and recorded) when missing. */
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  /** ψ: latent components beyond ±ψ are redrawn (truncated normal); none = plain normal. */
  truncation: z.number().positive().max(10).nullable().optional(),
  /** Keep only samples a classifier trained on the run's real data assigns to their class (absent: DEFAULT_FILTER). */
  filter: z.boolean().optional(),
  /** The filter's bar, in (0, 1) (absent: DEFAULT_MIN_CONFIDENCE); needs the filter on. Range-checked by the service, which words the error. */
  minConfidence: z.number().optional(),
  /**
   * Sampling settings for this batch alone (its model's `sampling` group: a diffusion run's `guidance`,
   * `sampleSteps`); the others stay the run's. Checked against the model by the service, which words the error.
   */
  sampling: z.record(z.string().min(1).max(64), z.number()).optional(),
}).strict();
export type GenerateInput = z.infer<typeof GenerateInputSchema>;

/** `samples.translate`: CONTRACT `translate <runId> (--input-dir DIR | --input-dataset D) --direction a2b|b2a [--checkpoint STEP|latest]`. */
export const TranslateInputSchema = z.object({
  runId: z.string().min(1).max(64),
  /** A direction the run's model offers (`a2b`, `b2a`). */
  direction: z.string().min(1).max(16),
  checkpoint: z.union([z.number().int().nonnegative(), z.literal('latest')]).default('latest'),
  /** Exactly one: a folder (read recursively) or a dataset (`NAME`, `NAME@VERSION` or id). */
  inputDir: z.string().min(1).max(4096).optional(),
  inputDataset: z.string().min(1).max(300).optional(),
}).strict();
export type TranslateInput = z.infer<typeof TranslateInputSchema>;

/** Parameters of a `translate` job; the batch id is the job id. */
export const TranslateParamsSchema = z.object({
  runId: z.string(),
  checkpointStep: z.number().int().nonnegative(),
  direction: z.string(),
  inputDir: z.string().optional(),
  inputDataset: z.string().optional(),
});
export type TranslateParams = z.infer<typeof TranslateParamsSchema>;

/** Parameters of a `generate` job, as the worker receives them; the batch id is the job id. */
export const GenerateParamsSchema = z.object({
  runId: z.string(),
  checkpointStep: z.number().int().nonnegative(),
  weights: WeightsKindSchema,
  seed: z.number().int().min(0),
  truncation: z.number().positive().nullable(),
  perClass: z.number().int().positive().max(MAX_PER_CLASS),
  classIndices: z.array(z.number().int().nonnegative()),
  /** Absent: no filter (every batch queued before filtering existed). */
  filter: z.object({ minConfidence: z.number().gt(0).lt(1), nearDuplicateFraction: z.number().nonnegative(), maxDrawFactor: z.number().int().positive() }).optional(),
});
export type GenerateParams = z.infer<typeof GenerateParamsSchema>;

/** Why the filter turned a drawn sample away (its latent index is recorded, its image is not). */
export const RejectReasonSchema = z.enum(['low_confidence', 'near_duplicate']);
export type RejectReason = z.infer<typeof RejectReasonSchema>;

const RejectCountsSchema = z.object({ lowConfidence: z.number().int(), nearDuplicate: z.number().int() });

/** What the classifier filter did to a batch: counts come from the provenance tables, so they stay true after a stop. */
export const BatchFilterSchema = z.object({
  minConfidence: z.number(),
  nearDuplicateFraction: z.number(),
  maxDrawFactor: z.number().int(),
  /** The classifier used (null until the job trained or loaded it). */
  classifier: z.object({
    /** The cache key; the real TRAIN images it learned from and its Adam steps; the backend it ran on. */
    key: z.string(), trainCount: z.number().int(), steps: z.number().int(), backend: z.string().nullable(),
    /** Accuracy on the dataset version's held-out split (null when it has none), and that split's size. */
    heldOutAccuracy: z.number().nullable(), heldOutCount: z.number().int(),
    /** Whether this batch reused a cached classifier. */
    cached: z.boolean(),
  }).nullable(),
  /** Latents looked at (kept + rejected). */
  drawn: z.number().int(),
  kept: z.number().int(),
  rejected: RejectCountsSchema,
  /** Samples below the bar kept anyway to reach N once FILTER_MAX_DRAW_FACTOR × N were drawn. */
  filled: z.number().int(),
  perClass: z.array(z.object({ index: z.number().int(), name: z.string(), drawn: z.number().int(), kept: z.number().int(), rejected: RejectCountsSchema, filled: z.number().int() })),
  warnings: z.array(z.string()),
});
export type BatchFilter = z.infer<typeof BatchFilterSchema>;

export const BatchClassSchema = z.object({ index: z.number().int(), name: z.string(), count: z.number().int() });

/** One generated batch: the job's status plus everything lineage needs (kept even if the run goes away). */
export const SampleBatchSchema = z.object({
  batchId: z.string(),
  runId: z.string(),
  /** `generate`: sampled from a generating model's run; `translate`: a translating model's translations of a folder or dataset. */
  kind: z.enum(['generate', 'translate']),
  status: RunStatusSchema,
  checkpointStep: z.number().int(),
  weights: WeightsKindSchema,
  seed: z.number().int(),
  truncation: z.number().nullable(),
  perClass: z.number().int(),
  resolution: z.number().int(),
  channels: z.number().int(),
  datasetVersionId: z.string(),
  classes: z.array(BatchClassSchema),
  count: z.number().int(),
  recipe: GenerationRecipeSchema,
  error: z.string().nullable(),
  createdAt: z.string(),
  /** When the batch was deleted (its stored images are gone; its rows stay for lineage); null while it exists. */
  deletedAt: z.string().nullable().default(null),
  /**
   * Bytes of the batch's sample files in the studio home (each distinct file once). A file that another batch
   * shares counts for both, so deleting this batch may free less.
   */
  diskBytes: z.number().int().nonnegative(),
  /** A translation batch: its direction (`a2b`, `b2a`); null for a generated batch. */
  direction: z.string().nullable().default(null),
  /**
   * A translation batch: the dataset version of the domain it translates into (the run's target domain), whose
   * images are the real side of a comparison; null for a generated batch.
   */
  targetVersionId: z.string().nullable().default(null),
  /** The classifier filter's settings and counts; null for a batch made without it. */
  filter: BatchFilterSchema.nullable().default(null),
  /** The sampling settings this batch set for itself, where they differ from its run's; null when it sampled as the run is configured. */
  sampling: z.record(z.string(), z.number()).nullable().default(null),
});
export type SampleBatch = z.infer<typeof SampleBatchSchema>;

/** One generated image, stored content-addressed in the studio home. */
export const SampleSchema = z.object({
  sampleId: z.number().int(),
  batchId: z.string(),
  classIndex: z.number().int(),
  className: z.string(),
  sampleIndex: z.number().int(),
  sha256: z.string(),
  path: z.string(),
  kept: z.boolean(),
  /** A translation: the hash of the image it was translated from (shown beside it); null for a generated sample. */
  sourceSha256: z.string().nullable().default(null),
});
export type Sample = z.infer<typeof SampleSchema>;

/**
 * Which samples the gallery lists by review state. Samples start kept (there is no separate "unreviewed" state):
 * 'rejected' lists the ones rejected with R or samples.setKept, which exports leave out.
 */
export const KeptFilterSchema = z.enum(['all', 'kept', 'rejected']);
export type KeptFilter = z.infer<typeof KeptFilterSchema>;

/** A real image near a generated one (mean squared pixel difference, 0–1 scale). */
export const NeighbourSchema = z.object({
  fileIndex: z.number().int(), path: z.string(), sha256: z.string(), className: z.string(), distance: z.number(), base64: z.string(),
});
export type Neighbour = z.infer<typeof NeighbourSchema>;

/** CONTRACT `lineage --json`: from an exported file (or any known image) back to the real files trained on. */
export const LineageSchema = z.object({
  sha256: z.string(),
  synthetic: z.boolean(),
  runId: z.string().nullable(),
  checkpointStep: z.number().int().nullable(),
  batchId: z.string().nullable(),
  /** The batch seed of a generated sample; null for a real image and for a translation (deterministic, no seed). */
  seed: z.number().int().nullable(),
  sampleIndex: z.number().int().nullable(),
  classIndex: z.number().int().nullable(),
  label: z.string().nullable(),
  truncation: z.number().nullable(),
  weights: WeightsKindSchema.nullable(),
  datasetVersionId: z.string().nullable(),
  /** Translations: the direction (`a2b`, `b2a`); null for anything else. */
  direction: z.string().nullable(),
  /** A translation: the hash of the image translated. A real image re-encoded by an export: the original's hash. */
  sourceSha256: z.string().nullable(),
  /** The config the sample was made with: its run's, with the batch's own sampling settings (`sampling`) over it. */
  runConfig: z.record(z.string(), z.unknown()).nullable(),
  /** The sampling settings the sample's batch set for itself (guidance, steps); null when it used its run's. */
  sampling: z.record(z.string(), z.number()).nullable().default(null),
  recipe: GenerationRecipeSchema.nullable(),
  exports: z.array(z.object({ exportId: z.string(), out: z.string(), fileName: z.string() })),
  /** What of this file's history was deleted, and when ("run 1a2b3c4d deleted 2026-…"): its rows are kept, its files are gone. */
  deleted: z.array(z.string()).default([]),
  /**
   * The real files: for a generated sample, the training split of the run's dataset version; for a translation,
   * the image it was translated from (its path when translated); for a real image, itself.
   */
  sources: z.array(z.object({ path: z.string(), sha256: z.string(), label: z.string() })),
});
export type Lineage = z.infer<typeof LineageSchema>;
