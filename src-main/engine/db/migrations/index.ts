import { migrateToV1 } from './001-jobs';
import type { Migration } from './types';

/** Every migration, in order. Add a file `NNN-name.ts` and append it here; versions must be 1, 2, 3… */
export const MIGRATIONS: readonly Migration[] = [migrateToV1];
