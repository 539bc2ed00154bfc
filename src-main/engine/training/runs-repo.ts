import type { Db } from '../db/database';
import type { RunDataset, RunKind, RunMetricsPoint, RunSample, RunSummary, RunWarning } from '../../shared/domain/run';
import { requeueJob } from '../jobs/jobs-repo';

/** A run's resolved config, whichever the model. */
type RunConfig = RunSummary['config'];

/** Data access for runs: `(db, ...) => Domain | null`, bound parameters only. A run's job row holds its status. */

interface RunRow {
  run_id: string; kind: string; datasets_json: string; config_json: string; config_diff_json: string; preset: string | null;
  versions_json: string; run_dir: string; created_at: string; deleted_at?: string | null;
}
type JoinedRow = RunRow & { status: string; step: number; total_steps: number; backend: string | null; error: string | null;
  started_at: string | null; ended_at: string | null; params_json: string };

export interface NewRun {
  runId: string;
  kind: RunKind;
  datasets: RunDataset[];
  config: RunConfig;
  configDiff: Record<string, unknown>;
  preset: string | null;
  app: string;
  runDir: string;
  classNames: string[];
}

export function insertRun(db: Db, r: NewRun): void {
  db.prepare(`INSERT INTO runs (run_id, kind, datasets_json, config_json, config_diff_json, preset, versions_json, run_dir, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(r.runId, r.kind, JSON.stringify({ datasets: r.datasets, classNames: r.classNames }),
    JSON.stringify(r.config), JSON.stringify(r.configDiff), r.preset, JSON.stringify({ app: r.app, tfjs: null, backend: null }), r.runDir,
    new Date().toISOString());
}

const SELECT = `SELECT r.*, j.status, j.step, j.total_steps, j.backend, j.error, j.started_at, j.ended_at, j.params_json
  FROM runs r JOIN jobs j ON j.job_id = r.run_id`;

function toSummary(db: Db, row: JoinedRow): RunSummary {
  const ds = JSON.parse(row.datasets_json) as { datasets: RunDataset[]; classNames: string[] };
  const versions = JSON.parse(row.versions_json) as RunSummary['versions'];
  return ({
    runId: row.run_id, kind: row.kind as RunKind, status: row.status as RunSummary['status'], step: row.step, totalSteps: row.total_steps,
    datasets: ds.datasets, backend: row.backend ?? versions.backend, config: JSON.parse(row.config_json) as RunConfig,
    configDiff: JSON.parse(row.config_diff_json) as Record<string, unknown>, preset: row.preset, versions,
    classNames: ds.classNames, checkpoints: listCheckpointSteps(db, row.run_id), warnings: listWarnings(db, row.run_id),
    error: row.error, runDir: row.run_dir, diskBytes: null, createdAt: row.created_at, deletedAt: row.deleted_at ?? null, startedAt: row.started_at, endedAt: row.ended_at,
  }) as RunSummary; // kind and config come from the same row
}

export function getRun(db: Db, runId: string): RunSummary | null {
  const row = db.prepare(`${SELECT} WHERE r.run_id = ?`).get(runId) as JoinedRow | undefined;
  return row ? toSummary(db, row) : null;
}

export function listRuns(db: Db): RunSummary[] {
  return (db.prepare(`${SELECT} WHERE r.deleted_at IS NULL ORDER BY r.created_at DESC, r.run_id`).all() as JoinedRow[]).map((r) => toSummary(db, r));
}

/**
 * A resumed run, in one transaction: its new config (planned steps) in the run row, the job's params and total,
 * the job kind of the one training loop (older runs' jobs were `train-cgan`/`train-cyclegan`), and, for a finished
 * (completed/stopped/failed) run, the job back in the queue: the worker then continues from the latest checkpoint.
 */
export function resumeRunConfig(db: Db, runId: string, o: { config: RunConfig; configDiff: Record<string, unknown>; params: Record<string, unknown>; requeue: boolean }): void {
  db.transaction(() => {
    db.prepare(`UPDATE runs SET config_json = ?, config_diff_json = ? WHERE run_id = ?`).run(JSON.stringify(o.config), JSON.stringify(o.configDiff), runId);
    db.prepare(`UPDATE jobs SET kind = 'train', params_json = ?, total_steps = ? WHERE job_id = ?`).run(JSON.stringify(o.params), o.config.steps, runId);
    if (o.requeue) requeueJob(db, runId);
  })();
}

/** A run's folder and model kind (what loading its checkpoints needs), or null. */
export function getRunLocation(db: Db, runId: string): { runDir: string; kind: string } | null {
  const row = db.prepare('SELECT run_dir, kind FROM runs WHERE run_id = ?').get(runId) as { run_dir: string; kind: string } | undefined;
  return row ? { runDir: row.run_dir, kind: row.kind } : null;
}

export function setRunVersions(db: Db, runId: string, versions: { app: string; tfjs: string | null; backend: string | null }): void {
  db.prepare(`UPDATE runs SET versions_json = ? WHERE run_id = ?`).run(JSON.stringify(versions), runId);
}

export function addCheckpoint(db: Db, runId: string, step: number, path: string): void {
  db.prepare(`INSERT OR REPLACE INTO run_checkpoints (run_id, step, path, created_at) VALUES (?, ?, ?, ?)`).run(runId, step, path, new Date().toISOString());
}

export function listCheckpointSteps(db: Db, runId: string): number[] {
  return (db.prepare(`SELECT step FROM run_checkpoints WHERE run_id = ? ORDER BY step`).all(runId) as { step: number }[]).map((r) => r.step);
}

/** Forgets checkpoints above `step` (a resumed run rewrites history from its last checkpoint). */
export function dropCheckpointsAfter(db: Db, runId: string, step: number): void {
  db.transaction(() => {
    db.prepare(`DELETE FROM run_checkpoints WHERE run_id = ? AND step > ?`).run(runId, step);
    db.prepare(`DELETE FROM run_metrics WHERE run_id = ? AND step > ?`).run(runId, step);
    db.prepare(`DELETE FROM run_samples WHERE run_id = ? AND step > ?`).run(runId, step);
  })();
}

export function addMetrics(db: Db, runId: string, step: number, metrics: Record<string, number>): void {
  db.prepare(`INSERT OR REPLACE INTO run_metrics (run_id, step, metrics_json) VALUES (?, ?, ?)`).run(runId, step, JSON.stringify(metrics));
}

export function listMetrics(db: Db, runId: string, sinceStep = 0): RunMetricsPoint[] {
  return (db.prepare(`SELECT step, metrics_json FROM run_metrics WHERE run_id = ? AND step >= ? ORDER BY step`).all(runId, sinceStep) as
    { step: number; metrics_json: string }[]).map((r) => ({ step: r.step, metrics: JSON.parse(r.metrics_json) as Record<string, number> }));
}

export function addSample(db: Db, runId: string, step: number, path: string): void {
  db.prepare(`INSERT OR REPLACE INTO run_samples (run_id, step, path, created_at) VALUES (?, ?, ?, ?)`).run(runId, step, path, new Date().toISOString());
}

export function listSamples(db: Db, runId: string): RunSample[] {
  return db.prepare(`SELECT step, path FROM run_samples WHERE run_id = ? ORDER BY step`).all(runId) as RunSample[];
}

export function addWarning(db: Db, runId: string, step: number, code: string, message: string): void {
  db.prepare(`INSERT INTO run_warnings (run_id, step, code, message, time) VALUES (?, ?, ?, ?, ?)`).run(runId, step, code, message, new Date().toISOString());
}

export function listWarnings(db: Db, runId: string): RunWarning[] {
  return db.prepare(`SELECT step, code, message, time FROM run_warnings WHERE run_id = ? ORDER BY id`).all(runId) as RunWarning[];
}
