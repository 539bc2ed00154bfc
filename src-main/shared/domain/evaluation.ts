import { z } from 'zod';
import { RunStatusSchema } from './job';

/** Ratios evaluated when none is given: R synthetic images per real image, as `export --ratio`. */
export const DEFAULT_EVAL_RATIOS = [1, 5] as const;
export const DEFAULT_EVAL_SEEDS = 3;

/**
 * The reference arm beside the batches: real + copies of the real images, each shifted by up to ±BASELINE_SHIFT px ('shift') and
 * mirrored left-right half the time ('shift-flip'), per class as many as the largest ratio adds samples. Samples are
 * worth keeping when they beat what this simplest augmentation gives. 'shift' suits images whose mirror is another
 * class or no class (digits, text); 'none' skips the arm.
 */
export const EvalBaselineSchema = z.enum(['shift-flip', 'shift', 'none']);
export type EvalBaseline = z.infer<typeof EvalBaselineSchema>;
export const DEFAULT_EVAL_BASELINE: EvalBaseline = 'shift-flip';
/** Largest shift, in pixels, of the reference arm's copies (the engine makes them, the CLI and the page name it). */
export const BASELINE_SHIFT = 2;

/** A paired test must find an arm's split of better and worse test images this unlikely by chance (two-sided). */
export const SIGNIFICANCE = 0.05;

/** `evaluations.create`: CONTRACT `evaluate <batchId>… --dataset D [--test D] [--ratio R]… [--seeds N]`. */
export const EvaluateInputSchema = z.object({
  batchIds: z.array(z.string().min(1).max(64)).min(1).max(100),
  /** The real (labeled) dataset: `NAME`, `NAME@VERSION` or an id. Its TRAIN split trains every arm. */
  dataset: z.string().min(1).max(300),
  /** A labeled test dataset (all its images); default: the held-out split of `dataset`. */
  test: z.string().min(1).max(300).optional(),
  /** Synthetic images per real image in the mixed arms; default DEFAULT_EVAL_RATIOS. */
  ratios: z.array(z.number().positive().max(100)).min(1).max(8).optional(),
  seeds: z.number().int().min(1).max(10).default(DEFAULT_EVAL_SEEDS),
  /** Optimizer steps of every arm; default from the real set's size (see the evaluator's config). */
  steps: z.number().int().min(1).max(20_000).optional(),
  /** The augmented-copies reference arm; default DEFAULT_EVAL_BASELINE. */
  baseline: EvalBaselineSchema.optional(),
}).strict();
export type EvaluateInput = z.input<typeof EvaluateInputSchema>;

/** What the `evaluate` job receives (the evaluation id is the job id): everything already resolved and checked. */
export const EvaluateParamsSchema = z.object({
  datasetVersionId: z.string(),
  /** null: the held-out split of datasetVersionId. */
  testVersionId: z.string().nullable(),
  batchIds: z.array(z.string()).min(1),
  ratios: z.array(z.number().positive()).min(1),
  seeds: z.array(z.number().int().nonnegative()).min(1),
  steps: z.number().int().positive(),
  /** Class names in the evaluation's order (the training dataset's). */
  classNames: z.array(z.string()).min(2),
  /** Resolution and channels the evaluator sees (the batches', capped at 32 px to keep it fast). */
  resolution: z.number().int().positive(),
  channels: z.union([z.literal(1), z.literal(3)]),
  /** The augmented-copies reference arm ('none' in evaluations queued before it existed). */
  baseline: EvalBaselineSchema.default('none'),
  /** Stated adjustments made while checking the input (shown with the result). */
  notes: z.array(z.string()),
});
export type EvaluateParams = z.infer<typeof EvaluateParamsSchema>;

const Acc = z.number().min(0).max(1);
/** One way of training, over the seeds: accuracies are fractions of the test set. */
export const ArmResultSchema = z.object({
  accMean: Acc,
  accSd: z.number().nonnegative(),
  /** One accuracy per seed, in seed order. */
  accs: z.array(Acc),
  /** 95% Wilson interval of the mean accuracy as if measured once on the test set: the test set's own uncertainty. */
  ci95: z.object({ lo: Acc, hi: Acc }),
});
export const MixedArmSchema = ArmResultSchema.extend({
  ratio: z.number().positive(),
  /** Synthetic images per real image actually used (below `ratio` when the batches hold too few). */
  actualRatio: z.number().nonnegative(),
  /** accMean − real only's, same unit (fraction); gainSd: sd over seeds of the paired differences. */
  gain: z.number(),
  gainSd: z.number().nonnegative(),
  /**
   * Paired test on the test images, seeds pooled: images this arm gets right more often than real only, images it
   * gets right less often, and the two-sided sign-test p of that split. Absent in evaluations made before it existed.
   */
  better: z.number().int().nonnegative().optional(),
  worse: z.number().int().nonnegative().optional(),
  pValue: z.number().min(0).max(1).optional(),
});

/** The reference arm: real + augmented copies of the real images at `ratio` (the largest evaluated). */
export const BaselineArmSchema = MixedArmSchema.extend({
  kind: EvalBaselineSchema.exclude(['none']),
  /** Per-class test accuracy, in the evaluation's class order (confusion summed over seeds). */
  perClass: z.array(Acc),
});
export type BaselineArm = z.infer<typeof BaselineArmSchema>;

export const QualitySchema = z.object({
  /** Which features the measures below use (no pretrained network is available offline). */
  featureSpace: z.string(),
  fd: z.number().nonnegative(),
  kid: z.number(),
  precision: z.number().min(0).max(1),
  recall: z.number().min(0).max(1),
  /** Mean over classes of (mean pairwise feature distance within class, synthetic ÷ real). */
  diversityRatio: z.number().nonnegative(),
  diversityPerClass: z.array(z.number().nullable()),
  memorization: z.object({
    /** Mean distance of a synthetic sample to its nearest real training image. */
    nearestReal: z.number().nonnegative(),
    /** Mean distance of a real training image to its nearest other one. */
    realToReal: z.number().nonnegative(),
    /** nearestReal ÷ realToReal: ≈ 1 for new images, ≪ 1 for copies. */
    ratio: z.number().nonnegative(),
    /** Share of samples closer to a real image than 95% of the real images are to theirs. */
    copies: z.number().min(0).max(1),
  }),
});

export const PerClassSchema = z.object({
  name: z.string(),
  /** Test images of this class. */
  count: z.number().int().nonnegative(),
  realOnly: Acc,
  realPlusSynthetic: z.array(z.object({ ratio: z.number(), acc: Acc })),
  syntheticOnly: Acc,
});

/** What a finished evaluation found; CONTRACT `evaluate --json` is `{evaluationId, ...this}`. */
export const EvaluationResultSchema = z.object({
  test: z.object({
    datasetId: z.string(), versionId: z.string(), count: z.number().int(), source: z.enum(['holdout', 'dataset']),
    /** Half width of a 95% interval on an accuracy near real only's, in accuracy units: how precise this test set is. */
    halfWidth95: z.number().nonnegative(),
  }),
  realOnly: ArmResultSchema,
  realPlusSynthetic: z.array(MixedArmSchema),
  syntheticOnly: ArmResultSchema.extend({ samples: z.number().int() }),
  /** Real + augmented copies of the real images; absent when skipped, and in evaluations made before it existed. */
  baseline: BaselineArmSchema.optional(),
  quality: QualitySchema,
  perClass: z.array(PerClassSchema),
  /** Confusion matrices summed over seeds: [true class][predicted class] counts. */
  confusion: z.object({
    realOnly: z.array(z.array(z.number().int())),
    realPlusSynthetic: z.array(z.object({ ratio: z.number(), matrix: z.array(z.array(z.number().int())) })),
    syntheticOnly: z.array(z.array(z.number().int())),
  }),
  /** The ratio with the best mean gain; null when no ratio helps. */
  recommendedRatio: z.number().nullable(),
  /** One plain sentence: "helps +2.4 ± 0.6 points at ratio 5; hurts Shirt". */
  summary: z.string(),
  realTrain: z.object({ count: z.number().int(), perClass: z.array(z.number().int()) }),
  seeds: z.array(z.number().int()),
  steps: z.number().int(),
  notes: z.array(z.string()),
  seconds: z.number().nonnegative(),
});
export type EvaluationResult = z.infer<typeof EvaluationResultSchema>;

/** One evaluation: its job's state, what it was asked, and the result once completed (null before or if stopped). */
export const EvaluationSchema = z.object({
  evaluationId: z.string(),
  status: RunStatusSchema,
  step: z.number().int().nonnegative(),
  totalSteps: z.number().int().nonnegative(),
  error: z.string().nullable(),
  createdAt: z.string(),
  datasetVersionId: z.string(),
  testVersionId: z.string().nullable(),
  batches: z.array(z.object({ batchId: z.string(), runId: z.string(), checkpointStep: z.number().int() })),
  ratios: z.array(z.number()),
  seeds: z.array(z.number().int()),
  /** The evaluator's settings and backend, as stored. */
  evaluator: z.record(z.string(), z.unknown()).nullable(),
  result: EvaluationResultSchema.nullable(),
});
export type Evaluation = z.infer<typeof EvaluationSchema>;
