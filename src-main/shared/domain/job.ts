import { z } from 'zod';

/** Run status, exactly the CONTRACT.md vocabulary. */
export const RUN_STATUSES = ['queued', 'running', 'paused', 'completed', 'stopped', 'failed', 'interrupted'] as const;
export const RunStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof RunStatusSchema>;

/** A status after which a job never runs again by itself. */
export function isFinalStatus(status: RunStatus): boolean {
  return status === 'completed' || status === 'stopped' || status === 'failed';
}

/** A job still to run or running (queued, running, paused): one that can be stopped, and must be before deleting. */
export function isLiveStatus(status: RunStatus): boolean {
  return status === 'queued' || status === 'running' || status === 'paused';
}

/**
 * Kinds of background job. `train` trains any model; `train-cgan` and `train-cyclegan` are jobs queued before the
 * one training loop, still run by it. `evaluate` trains the fixed classifier of "does it help?".
 */
export const JOB_KINDS = ['selftest', 'train', 'generate', 'translate', 'train-cgan', 'train-cyclegan', 'evaluate'] as const;
export const JobKindSchema = z.enum(JOB_KINDS);
export type JobKind = z.infer<typeof JobKindSchema>;

/** Parameters of the backend self-test: a few real optimizer steps of a small conv net. */
export const SelftestParamsSchema = z.object({
  steps: z.number().int().min(1).max(10_000).default(20),
  batch: z.number().int().min(1).max(256).default(8),
  /** Ask the worker to crash at this step (tests the host's crash handling). */
  crashAtStep: z.number().int().min(1).optional(),
});
export type SelftestParams = z.infer<typeof SelftestParamsSchema>;

export const JobSchema = z.object({
  jobId: z.string(),
  kind: JobKindSchema,
  status: RunStatusSchema,
  params: z.record(z.string(), z.unknown()),
  step: z.number().int().nonnegative(),
  totalSteps: z.number().int().nonnegative(),
  backend: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
});
export type Job = z.infer<typeof JobSchema>;

export const JobProgressSchema = z.object({
  jobId: z.string(),
  step: z.number().int().nonnegative(),
  totalSteps: z.number().int().nonnegative(),
  stepsPerSecond: z.number().nonnegative(),
  etaSeconds: z.number().nonnegative().nullable(),
  /** Named scalars of this step (losses, D outputs, gradient norms). */
  metrics: z.record(z.string(), z.number()),
});
export type JobProgress = z.infer<typeof JobProgressSchema>;

export const JobLogSchema = z.object({
  jobId: z.string(),
  level: z.enum(['debug', 'info', 'warn', 'error']),
  message: z.string(),
  time: z.string(),
});
export type JobLog = z.infer<typeof JobLogSchema>;
