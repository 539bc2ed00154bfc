import { z } from 'zod';
import { EvaluateInputSchema, EvaluationSchema } from '../domain/evaluation';

const EvaluationIdInput = z.object({ evaluationId: z.string().min(1).max(64) }).strict();

/** "Does it help?": a classifier trained on real, real + synthetic and synthetic only, tested on held-out real images. */
export const evaluationCalls = {
  /** Checks the dataset, batches and test set, and queues the `evaluate` job (evaluation id = job id). */
  'evaluations.create': { input: EvaluateInputSchema, output: EvaluationSchema },
  /** Every evaluation, newest first (running ones with `result: null`); optionally those that judged one batch. */
  'evaluations.list': {
    input: z.object({ batchId: z.string().min(1).max(64).optional() }).strict(),
    output: z.object({ evaluations: z.array(EvaluationSchema) }),
  },
  'evaluations.get': { input: EvaluationIdInput, output: EvaluationSchema },
  /** Stops a running evaluation; nothing of it is stored. */
  'evaluations.cancel': { input: EvaluationIdInput, output: EvaluationSchema },
} as const;
