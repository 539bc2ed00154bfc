import { z } from 'zod';
import { DeletableKindSchema, DeletePlanSchema } from '../domain/cleanup';

const Target = z.object({ kind: DeletableKindSchema, id: z.string().min(1).max(300) }).strict();

/** Cleaning up: deletes that keep provenance true (rows stay, marked), and renames. */
export const cleanupCalls = {
  /** What deleting would remove and free, and what blocks it; changes nothing. */
  'cleanup.plan': { input: Target, output: DeletePlanSchema },
  /** Deletes (refused, `conflict`, while something blocks it); returns what it freed. */
  'cleanup.delete': { input: Target, output: DeletePlanSchema },
  'datasets.rename': {
    input: z.object({ dataset: z.string().min(1).max(300), name: z.string().trim().min(1).max(200) }).strict(),
    output: z.object({ datasetId: z.string(), name: z.string() }),
  },
} as const;
