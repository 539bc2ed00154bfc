import { z } from 'zod';

export const DeletableKindSchema = z.enum(['dataset', 'run', 'batch', 'export']);

/** What a delete removes and frees, what it keeps, and what blocks it (then it is refused). */
export const DeletePlanSchema = z.object({
  kind: DeletableKindSchema,
  id: z.string(),
  name: z.string(),
  freedBytes: z.number().int().nonnegative(),
  blockers: z.array(z.string()),
  keeps: z.array(z.string()),
});
export type DeletePlan = z.infer<typeof DeletePlanSchema>;
export type DeletableKind = z.infer<typeof DeletableKindSchema>;
