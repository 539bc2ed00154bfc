import { z } from 'zod';

/** A folder the UI may browse: the studio home or an `--allow-dir` root. */
export const FsRootSchema = z.object({ path: z.string(), label: z.string() });
export type FsRoot = z.infer<typeof FsRootSchema>;

export const FsEntrySchema = z.object({
  name: z.string(),
  kind: z.enum(['dir', 'file']),
  size: z.number().int().nonnegative(),
});
export type FsEntry = z.infer<typeof FsEntrySchema>;

export const FsListingSchema = z.object({
  path: z.string(),
  /** Null at a root: the UI cannot go above it. */
  parent: z.string().nullable(),
  entries: z.array(FsEntrySchema),
});
export type FsListing = z.infer<typeof FsListingSchema>;
