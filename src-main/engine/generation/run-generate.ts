import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../../shared/api/errors';
import { GenerateParamsSchema } from '../../shared/domain/sample';
import { openDatabase } from '../db/database';
import { homeLayout } from '../home/studio-home';
import type { JobContext, JobOutcome } from '../jobs/job-context';
import { appVersion } from '../version';
import { GENERATION_CHUNK, generateSamples } from './generate-batch';
import { LATENT_RNG } from './latents';
import { loadSampler } from './load-sampler';
import { getRunLocation } from '../training/runs-repo';
import { getBatch, getRunSnapshot, setRecipe } from './samples-repo';
import { runFilteredGeneration } from './filter/run-filter';

/**
 * The `generate` job (batch id = job id): loads the checkpoint's generator, records the backend and versions
 * with the batch, then generates chunk by chunk with progress; a stop keeps the samples made so far.
 */
export async function runGenerate(ctx: JobContext): Promise<JobOutcome> {
  const p = GenerateParamsSchema.parse(ctx.params);
  const batchId = ctx.jobId;
  const db = openDatabase(homeLayout(ctx.home).database);
  process.on('SIGINT', ignore);
  try {
    const batch = getBatch(db, batchId);
    const snapshot = getRunSnapshot(db, batchId);
    if (!batch || !snapshot) throw new ApiError('not_found', `batch ${batchId} has no database row`);
    const run = getRunLocation(db, p.runId);
    if (!run) throw new ApiError('not_found', `run ${p.runId} no longer exists`);
    const model = await loadSampler({ runId: p.runId, kind: run.kind, runDir: run.runDir, config: snapshot.config, classNames: snapshot.classNames },
      p.checkpointStep, p.weights).catch((err: unknown) => {
      if (err instanceof ApiError) throw err;
      throw new ApiError('not_found', `checkpoint ${p.checkpointStep} of run ${p.runId} cannot be read (${(err as Error).message}): pick another with --checkpoint`);
    });
    try {
      setRecipe(db, batchId, {
        rng: LATENT_RNG, chunk: GENERATION_CHUNK, bnReference: model.bnReference, app: appVersion(), tfjs: tf.version.tfjs,
        backend: ctx.backend.active ?? tf.getBackend(),
      });
      const total = p.perClass * p.classIndices.length;
      const filter = p.filter;
      const result = filter ? await runFilteredGeneration(ctx, db, { ...p, filter }, model) : await generateSamples({
        db, home: ctx.home, batchId, model, seed: p.seed, truncation: p.truncation, perClass: p.perClass, classIndices: p.classIndices,
        checkpoint: () => ctx.checkpoint(),
        progress: (done) => ctx.progress(done, total, { images: done }),
      });
      return { status: result.status, step: result.done, output: { batchId, count: result.done } };
    } finally {
      model.dispose();
    }
  } finally {
    process.off('SIGINT', ignore);
    db.close();
  }
}

// Ctrl-C reaches the whole process group: the host's stop message, not the signal, ends this job.
function ignore(): void {}
