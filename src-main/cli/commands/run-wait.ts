import { ApiError } from '../../shared/api/errors';
import type { Job, JobProgress } from '../../shared/domain/job';
import type { RunSummary } from '../../shared/domain/run';
import { jobErrorCode } from '../../engine/home/disk-full';
import type { Studio } from '../../engine/studio-types';
import { EXIT, printJson, printLines } from '../output';
import { createProgressLine, formatEta } from '../progress-line';

/** CONTRACT `train` / `resume` output (plus the warnings, for people and scripts alike). */
export const runResult = (r: RunSummary) => ({ runId: r.runId, status: r.status, step: r.step, checkpoints: r.checkpoints, warnings: r.warnings });

/** CONTRACT `runs` / `run` fields, plus the planned steps and the checkpoints. */
export const runFields = (r: RunSummary) => ({
  runId: r.runId, kind: r.kind, status: r.status, step: r.step, totalSteps: r.totalSteps, datasets: r.datasets, backend: r.backend,
  config: r.config, configDiff: r.configDiff, preset: r.preset, versions: r.versions, checkpoints: r.checkpoints, error: r.error,
});

const ENDED = new Set(['completed', 'stopped', 'failed']);

/** A failed job as the CLI reports it: `disk_full` for a full disk (the message names the folder), else `job_failed`. */
export function jobFailure(what: string, id: string, error: string | null): ApiError {
  return new ApiError(jobErrorCode(error), `${what} ${id} failed: ${error ?? 'unknown reason'}`);
}

/**
 * Follows the host's word on a job: when a full disk keeps a job's end out of the database, the row still says
 * `running` and only this event (status `failed`) tells the waiting command. @returns the error, once seen.
 */
export function watchUnrecordedFailure(studio: Studio, jobId: string): { error: () => string | null; off: () => void } {
  let error: string | null = null;
  const off = studio.onEvent((name, payload) => {
    const job = payload as Job;
    if (name === 'job.state' && job.jobId === jobId && job.status === 'failed') error = job.error ?? 'unknown reason';
  });
  return { error: () => error, off };
}

/**
 * Waits for a queued run to end, showing progress on stderr. The run is this command's own: whoever runs it, this
 * process waits for it, never for or against anyone else's (a CLI's scheduler starts only the jobs it waits for,
 * and a run whose runner ended is queued again). The first Ctrl-C asks the run to stop (it writes a checkpoint),
 * then exits 130; a failed run is an error (exit 1) naming the reason, `disk_full` for a full disk.
 */
export async function waitForRun(studio: Studio, runId: string, json: boolean): Promise<number> {
  studio.claimJob(runId);
  const unrecorded = watchUnrecordedFailure(studio, runId);
  const bar = createProgressLine(`run ${runId}`);
  let interrupted = false;
  let progressAt = 0;
  const off = studio.onEvent((name, payload) => {
    if (name === 'job.progress' && (payload as JobProgress).jobId === runId) {
      progressAt = Date.now();
      const p = payload as JobProgress;
      const m = p.metrics;
      bar.update(p.step, p.totalSteps, `D ${m.lossD?.toFixed(3)} G ${m.lossG?.toFixed(3)} ${p.stepsPerSecond.toFixed(2)} steps/s ${formatEta(p.etaSeconds)}`);
    }
    if (name === 'job.log') {
      const l = payload as { jobId: string; level: string; message: string };
      if (l.jobId === runId && (l.level === 'warn' || l.level === 'error' || l.level === 'info')) process.stderr.write(`\n${l.level}: ${l.message}\n`);
    }
  });
  const onSigint = (): void => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write('\nstopping: writing a checkpoint…\n');
    studio.dispatch('runs.stop', { runId }).catch(() => undefined);
  };
  process.on('SIGINT', onSigint);
  try {
    let run: RunSummary;
    for (;;) {
      run = (await studio.dispatch('runs.get', { runId })) as RunSummary;
      const lost = unrecorded.error();
      if (lost !== null && !ENDED.has(run.status)) throw jobFailure('run', runId, lost);
      if (ENDED.has(run.status) || (interrupted && run.status !== 'running' && run.status !== 'paused')) break;
      // Run by another face (serve, the app): its progress events stay there; the saved step still shows here.
      if (run.status === 'running' && Date.now() - progressAt > 2000) bar.update(run.step, run.totalSteps, 'run by another GAN Studio process');
      await new Promise((r) => setTimeout(r, 300));
    }
    bar.done();
    if (run.status === 'failed') throw jobFailure('run', runId, run.error);
    if (json) printJson(runResult(run));
    else printLines([`run ${runId} ${run.status} at step ${run.step}; checkpoints: ${run.checkpoints.join(', ') || 'none'}`,
      ...run.warnings.map((w) => `  warning (step ${w.step}): ${w.message}`)]);
    return interrupted ? EXIT.interrupted : EXIT.ok;
  } finally {
    off();
    unrecorded.off();
    process.off('SIGINT', onSigint);
  }
}
