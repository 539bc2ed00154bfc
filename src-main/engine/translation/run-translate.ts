import * as tf from '@tensorflow/tfjs';
import { TranslateParamsSchema } from '../../shared/domain/sample';
import { openDatabase } from '../db/database';
import { setRecipe } from '../generation/samples-repo';
import { homeLayout } from '../home/studio-home';
import type { JobContext, JobOutcome } from '../jobs/job-context';
import { appVersion } from '../version';
import { TRANSLATE_CHUNK, translateBatch } from './translate';

/**
 * The `translate` job (batch id = job id): translates its inputs through the checkpoint chunk by chunk, with
 * progress; a stop keeps the outputs made so far, and a resumed job continues after them.
 */
export async function runTranslate(ctx: JobContext): Promise<JobOutcome> {
  const p = TranslateParamsSchema.parse(ctx.params);
  const db = openDatabase(homeLayout(ctx.home).database);
  process.on('SIGINT', ignore);
  try {
    setRecipe(db, ctx.jobId, { rng: 'none: translation is deterministic', chunk: TRANSLATE_CHUNK, bnReference: 1, app: appVersion(), tfjs: tf.version.tfjs,
      backend: ctx.backend.active ?? tf.getBackend() });
    const r = await translateBatch(db, ctx.home, ctx.jobId, p, {
      checkpoint: () => ctx.checkpoint(),
      progress: (done, total) => ctx.progress(done, total, { images: done }),
    });
    return { status: r.status, step: r.done, output: { batchId: ctx.jobId, count: r.done } };
  } finally {
    process.off('SIGINT', ignore);
    db.close();
  }
}

// Ctrl-C reaches the whole process group: the host's stop message, not the signal, ends this job.
function ignore(): void {}
