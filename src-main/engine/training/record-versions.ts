import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Db } from '../db/database';
import type { JobContext } from '../jobs/job-context';
import { appVersion } from '../version';
import * as runs from './runs-repo';

/** app, tfjs and backend versions into the run row, and `config.json` beside the checkpoints (CycleGAN's `opt.txt`). */
export async function recordVersions(db: Db, ctx: JobContext, runId: string, runDir: string, kind: string, config: object,
  differsFromDefaults: object): Promise<void> {
  const versions = { app: appVersion(), tfjs: tf.version.tfjs, backend: ctx.backend.active ?? tf.getBackend() };
  runs.setRunVersions(db, runId, versions);
  const run = runs.getRun(db, runId);
  await mkdir(runDir, { recursive: true });
  await writeFile(join(runDir, 'config.json'), `${JSON.stringify({
    runId, kind, preset: run?.preset ?? null, datasets: run?.datasets ?? [], classNames: run?.classNames ?? [],
    config, differsFromDefaults, versions,
  }, null, 2)}\n`);
}
