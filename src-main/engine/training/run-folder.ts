import { join } from 'node:path';
import { homeLayout } from '../home/studio-home';

/** `<home>/runs/<runId>`: checkpoints, sample grids and config.json of a run (every model). */
export const runFolder = (home: string, runId: string): string => join(homeLayout(home).runs, runId);

/** `<runDir>/samples/step-<0000123>.png`: the preview a run kept at a step. */
export const sampleGridPath = (runDir: string, step: number): string => join(runDir, 'samples', `step-${String(step).padStart(7, '0')}.png`);
