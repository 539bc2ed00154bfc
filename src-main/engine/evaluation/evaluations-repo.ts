import { EvaluateParamsSchema, EvaluationResultSchema, type Evaluation, type EvaluationResult } from '../../shared/domain/evaluation';
import type { RunStatus } from '../../shared/domain/job';
import type { Db } from '../db/database';

/** Data access for evaluations: `(db, …) => Domain | null`, bound parameters only. */

export interface NewEvaluation {
  evaluationId: string;
  datasetVersionId: string;
  testVersionId: string | null;
  testCount: number;
  seeds: number[];
  ratios: number[];
  steps: number;
  evaluator: Record<string, unknown>;
  result: EvaluationResult;
  batches: { batchId: string; runId: string; checkpointStep: number; samples: number }[];
}

/** Writes an evaluation and its batch links in one transaction: all of it or nothing. */
export function insertEvaluation(db: Db, e: NewEvaluation): void {
  db.transaction(() => {
    db.prepare(`INSERT INTO evaluations (evaluation_id, dataset_version_id, test_version_id, test_count, seeds_json, ratios_json, steps,
      evaluator_json, result_json, recommended_ratio, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      e.evaluationId, e.datasetVersionId, e.testVersionId, e.testCount, JSON.stringify(e.seeds), JSON.stringify(e.ratios), e.steps,
      JSON.stringify(e.evaluator), JSON.stringify(e.result), e.result.recommendedRatio, new Date().toISOString());
    const link = db.prepare('INSERT INTO evaluation_batches (evaluation_id, batch_id, run_id, checkpoint_step, samples) VALUES (?, ?, ?, ?, ?)');
    for (const b of e.batches) link.run(e.evaluationId, b.batchId, b.runId, b.checkpointStep, b.samples);
  })();
}

interface Row {
  job_id: string; status: string; step: number; total_steps: number; error: string | null; created_at: string; params_json: string;
  evaluation_id: string | null; evaluator_json: string | null; result_json: string | null;
}

const SELECT = `SELECT j.job_id, j.status, j.step, j.total_steps, j.error, j.created_at, j.params_json,
  e.evaluation_id, e.evaluator_json, e.result_json
  FROM jobs j LEFT JOIN evaluations e ON e.evaluation_id = j.job_id WHERE j.kind = 'evaluate'`;

function toEvaluation(db: Db, row: Row): Evaluation {
  const params = EvaluateParamsSchema.parse(JSON.parse(row.params_json));
  const links = row.evaluation_id
    ? (db.prepare('SELECT batch_id, run_id, checkpoint_step FROM evaluation_batches WHERE evaluation_id = ? ORDER BY batch_id').all(row.job_id) as
      { batch_id: string; run_id: string; checkpoint_step: number }[]).map((b) => ({ batchId: b.batch_id, runId: b.run_id, checkpointStep: b.checkpoint_step }))
    : params.batchIds.map((batchId) => {
      const b = db.prepare('SELECT run_id, checkpoint_step FROM sample_batches WHERE batch_id = ?').get(batchId) as { run_id: string; checkpoint_step: number } | undefined;
      return { batchId, runId: b?.run_id ?? '', checkpointStep: b?.checkpoint_step ?? 0 };
    });
  return {
    evaluationId: row.job_id, status: row.status as RunStatus, step: row.step, totalSteps: row.total_steps, error: row.error, createdAt: row.created_at,
    datasetVersionId: params.datasetVersionId, testVersionId: params.testVersionId, batches: links, ratios: params.ratios, seeds: params.seeds,
    evaluator: row.evaluator_json ? (JSON.parse(row.evaluator_json) as Record<string, unknown>) : null,
    result: row.result_json ? EvaluationResultSchema.parse(JSON.parse(row.result_json)) : null,
  };
}

/** One evaluate job with its stored result (null until it completed), or null for an unknown id. */
export function getEvaluation(db: Db, evaluationId: string): Evaluation | null {
  const row = db.prepare(`${SELECT} AND j.job_id = ?`).get(evaluationId) as Row | undefined;
  return row ? toEvaluation(db, row) : null;
}

/** Every evaluate job, newest first; optionally only those that judged a given batch. */
export function listEvaluations(db: Db, batchId?: string): Evaluation[] {
  const rows = db.prepare(`${SELECT} ORDER BY j.created_at DESC, j.job_id`).all() as Row[];
  const all = rows.map((r) => toEvaluation(db, r));
  return batchId ? all.filter((e) => e.batches.some((b) => b.batchId === batchId)) : all;
}

/** Whether a completed evaluation row exists (tests and the job use it to prove nothing half-written stays). */
export function countEvaluationRows(db: Db, evaluationId: string): number {
  const a = db.prepare('SELECT COUNT(*) AS n FROM evaluations WHERE evaluation_id = ?').get(evaluationId) as { n: number };
  const b = db.prepare('SELECT COUNT(*) AS n FROM evaluation_batches WHERE evaluation_id = ?').get(evaluationId) as { n: number };
  return a.n + b.n;
}

/** Kept samples of a batch: class index (the run's), sample path (relative to the home). */
export function listKeptSamples(db: Db, batchId: string): { classIndex: number; path: string }[] {
  return (db.prepare('SELECT class_index, path FROM samples WHERE batch_id = ? AND kept = 1 ORDER BY class_index, sample_index').all(batchId) as
    { class_index: number; path: string }[]).map((r) => ({ classIndex: r.class_index, path: r.path }));
}

/** Images per class of a version's split ('train' or 'holdout'), by class index. */
export function countSplitPerClass(db: Db, versionId: string, split: 'train' | 'holdout'): Map<number, number> {
  const rows = db.prepare('SELECT class_index AS c, COUNT(*) AS n FROM dataset_files WHERE version_id = ? AND split = ? GROUP BY class_index')
    .all(versionId, split) as { c: number; n: number }[];
  return new Map(rows.map((r) => [r.c, r.n]));
}

/** Images per class of a whole version, by class index. */
export function countAllPerClass(db: Db, versionId: string): Map<number, number> {
  const rows = db.prepare('SELECT class_index AS c, COUNT(*) AS n FROM dataset_files WHERE version_id = ? GROUP BY class_index')
    .all(versionId) as { c: number; n: number }[];
  return new Map(rows.map((r) => [r.c, r.n]));
}
