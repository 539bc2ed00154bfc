import { migrateToV1 } from './001-jobs';
import { migrateToV2 } from './002-datasets';
import { migrateToV3 } from './003-runs';
import { migrateToV4 } from './004-samples';
import { migrateToV5 } from './005-cyclegan';
import { migrateToV6 } from './006-export-writer';
import { migrateToV7 } from './007-sample-bytes';
import { migrateToV8 } from './008-deletions';
import { migrateToV9 } from './009-evaluations';
import { migrateToV10 } from './010-sample-filter';
import type { Migration } from './types';

/** Every migration, in order. Add a file `NNN-name.ts` and append it here; versions must be 1, 2, 3… */
export const MIGRATIONS: readonly Migration[] = [migrateToV1, migrateToV2, migrateToV3, migrateToV4, migrateToV5, migrateToV6, migrateToV7, migrateToV8, migrateToV9, migrateToV10];
