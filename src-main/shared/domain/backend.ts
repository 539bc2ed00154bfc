import { z } from 'zod';

/** Compute backends, in the order the resolver tries them (CONTRACT.md names). */
export const BACKEND_NAMES = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'webgpu', 'cpu'] as const;
export const BackendNameSchema = z.enum(BACKEND_NAMES);
export type BackendName = z.infer<typeof BackendNameSchema>;

export const BackendCandidateSchema = z.object({
  name: BackendNameSchema,
  ok: z.boolean(),
  /** Why it loaded, or why it did not: a sentence a person can act on. */
  reason: z.string(),
});
export type BackendCandidate = z.infer<typeof BackendCandidateSchema>;

export const BackendReportSchema = z.object({
  active: BackendNameSchema.nullable(),
  candidates: z.array(BackendCandidateSchema),
  /** Threads the active backend computes with (1 for wasm in Node). */
  threads: z.number().int().nonnegative().optional(),
  tfjsVersion: z.string().optional(),
});
export type BackendReport = z.infer<typeof BackendReportSchema>;
