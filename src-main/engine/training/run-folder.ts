import { join } from 'node:path';
import { homeLayout } from '../home/studio-home';

/** `<home>/runs/<runId>`: checkpoints, sample grids and config.json of a run (every model). */
export const runFolder = (home: string, runId: string): string => join(homeLayout(home).runs, runId);
