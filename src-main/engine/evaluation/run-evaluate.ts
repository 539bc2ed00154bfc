import { EvaluateParamsSchema, type EvaluateParams, type EvaluationResult } from '../../shared/domain/evaluation';
import type { Db } from '../db/database';
import { openDatabase } from '../db/database';
import { findVersion } from '../datasets/dataset-repo';
import { getBatch } from '../generation/samples-repo';
import { homeLayout } from '../home/studio-home';
import type { JobContext, JobOutcome } from '../jobs/job-context';
import { appVersion } from '../version';
import { EVALUATOR_CONFIG } from './evaluator-config';
import { loadSyntheticSet, loadVersionSet } from './eval-data';
import { evaluateSets, type EvaluateSets } from './evaluate';
import { armCount, totalEvaluationSteps } from './evaluator-config';
import { insertEvaluation } from './evaluations-repo';

/** Decodes every set an evaluation needs, once: real TRAIN, the test set, and the batches' kept samples. */
export async function loadEvaluationSets(db: Db, home: string, p: EvaluateParams): Promise<EvaluateSets & { perBatch: Map<string, number> }> {
  // With a separate test dataset the held-out images are not needed for testing: every arm learns from them too.
  const real = await loadVersionSet(db, home, p.datasetVersionId, p.testVersionId ? 'all' : 'train', p);
  const testVersion = p.testVersionId ?? p.datasetVersionId;
  const test = await loadVersionSet(db, home, testVersion, p.testVersionId ? 'all' : 'holdout', p);
  const { set: synth, perBatch } = await loadSyntheticSet(db, home, p);
  const datasetId = findVersion(db, testVersion)?.datasetId ?? '';
  return { real, test, synth, perBatch, testInfo: { datasetId, versionId: testVersion, source: p.testVersionId ? 'dataset' : 'holdout' } };
}

/** The evaluator's settings stored with each evaluation, so a result can be told apart from a later evaluator's. */
export function evaluatorRecord(p: EvaluateParams, backend: string | null, tfjs: string): Record<string, unknown> {
  return { ...EVALUATOR_CONFIG, resolution: p.resolution, channels: p.channels, backend, tfjs, app: appVersion() };
}

/**
 * The `evaluate` job (evaluation id = job id): decodes the sets, trains every arm and seed with progress, then
 * writes the evaluation and its batch links in one transaction. A stop returns before anything is written.
 */
export async function runEvaluate(ctx: JobContext): Promise<JobOutcome> {
  const p = EvaluateParamsSchema.parse(ctx.params);
  const db = openDatabase(homeLayout(ctx.home).database);
  process.on('SIGINT', ignore);
  try {
    const sets = await loadEvaluationSets(db, ctx.home, p);
    ctx.log('info', `evaluating on ${sets.real.count} real and ${sets.synth.count} synthetic images, ${sets.test.count} test images, `
      + `${p.seeds.length} seed(s) × ${armCount(p)} arms × ${p.steps} steps`);
    const result: EvaluationResult | null = await evaluateSets(ctx.tf, p, sets, {
      checkpoint: () => ctx.checkpoint(),
      progress: (done, total, metrics) => ctx.progress(done, total, metrics),
      log: (m) => ctx.log('info', m),
    });
    if (!result) return { status: 'stopped', step: 0, output: { evaluationId: ctx.jobId, written: false } };
    insertEvaluation(db, {
      evaluationId: ctx.jobId, datasetVersionId: p.datasetVersionId, testVersionId: p.testVersionId, testCount: sets.test.count,
      seeds: p.seeds, ratios: p.ratios, steps: p.steps, evaluator: evaluatorRecord(p, ctx.backend.active, ctx.tf.version.tfjs), result,
      batches: p.batchIds.map((batchId) => {
        const b = getBatch(db, batchId);
        return { batchId, runId: b?.runId ?? '', checkpointStep: b?.checkpointStep ?? 0, samples: sets.perBatch.get(batchId) ?? 0 };
      }),
    });
    return { status: 'completed', step: totalEvaluationSteps(p), output: { evaluationId: ctx.jobId, recommendedRatio: result.recommendedRatio } };
  } finally {
    process.off('SIGINT', ignore);
    db.close();
  }
}

// Ctrl-C reaches the whole process group: the host's stop message, not the signal, ends this job.
function ignore(): void {}
