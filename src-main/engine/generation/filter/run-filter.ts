import type { GenerateParams } from '../../../shared/domain/sample';
import type { Db } from '../../db/database';
import { disposeClassifier } from '../../evaluation/classifier';
import type { JobContext } from '../../jobs/job-context';
import type { Sampler } from '../../models/model';
import { countByClass, getBatch, getRunSnapshot } from '../samples-repo';
import { generateFilteredSamples } from './filter-batch';
import { obtainFilterClassifier } from './filter-classifier';
import { getFilterRecord, setFilterRecord } from './filter-repo';

/**
 * The filtered part of a `generate` job: trains (or loads from the cache) the classifier of the run's dataset
 * version, records it with the batch, then draws until N per class pass. Progress counts kept samples of N × classes
 * (the classifier's training reports them unchanged, with its step as a metric). A stop at any point keeps only
 * whole chunks already written.
 */
export async function runFilteredGeneration(ctx: JobContext, db: Db, p: GenerateParams & { filter: NonNullable<GenerateParams['filter']> }, model: Sampler):
  Promise<{ status: 'completed' | 'stopped'; done: number }> {
  const batchId = ctx.jobId;
  const batch = getBatch(db, batchId)!;
  const snapshot = getRunSnapshot(db, batchId)!;
  const total = p.perClass * p.classIndices.length;
  const have = [...countByClass(db, batchId).entries()].reduce((n, [c, k]) => n + (p.classIndices.includes(c) ? Math.min(k, p.perClass) : 0), 0);
  ctx.log('info', `filter: training (or loading) the classifier of dataset version ${batch.datasetVersionId}`);
  const judge = await obtainFilterClassifier({
    tf: ctx.tf, db, home: ctx.home, versionId: batch.datasetVersionId, classNames: snapshot.classNames, resolution: batch.resolution,
    channels: batch.channels, backend: ctx.backend.active ?? ctx.tf.getBackend(), checkpoint: () => ctx.checkpoint(),
    onStep: (step, steps) => { if (step % 25 === 0 || step === steps) ctx.progress(have, total, { images: have, classifierStep: step, classifierSteps: steps }); },
  });
  if (!judge) return { status: 'stopped', done: have };
  try {
    setFilterRecord(db, batchId, { ...(getFilterRecord(db, batchId) ?? p.filter), ...p.filter, classifier: judge.info });
    const acc = judge.info.heldOutAccuracy;
    ctx.log('info', `filter: classifier ${judge.info.cached ? 'loaded from the cache' : `trained for ${judge.info.steps} steps`}, held-out accuracy `
      + `${acc === null ? 'not measured (no held-out images)' : `${(100 * acc).toFixed(1)}%`}`);
    return await generateFilteredSamples({
      db, home: ctx.home, batchId, model, seed: p.seed, truncation: p.truncation, perClass: p.perClass, classIndices: p.classIndices, tf: ctx.tf, judge,
      ...p.filter, checkpoint: () => ctx.checkpoint(), log: (m) => ctx.log('warn', m),
      progress: (done, t, m) => ctx.progress(done, t, { images: done, drawn: m.drawn, rejected: m.rejected }),
    });
  } finally {
    disposeClassifier(judge.classifier);
  }
}
