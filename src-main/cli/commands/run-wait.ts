import type { RunSummary } from '../../shared/domain/run';
import type { Studio } from '../../engine/studio-types';
import { EXIT, printResult } from '../output';
import { formatEta } from '../progress-line';
import { waitForJob } from '../wait-for-job';

/** CONTRACT `train` / `resume` output (plus the warnings, for people and scripts alike). */
export const runResult = (r: RunSummary) => ({ runId: r.runId, status: r.status, step: r.step, checkpoints: r.checkpoints, warnings: r.warnings });

/** CONTRACT `runs` / `run` fields, plus the planned steps and the checkpoints. */
export const runFields = (r: RunSummary) => ({
  runId: r.runId, kind: r.kind, status: r.status, step: r.step, totalSteps: r.totalSteps, datasets: r.datasets, backend: r.backend,
  config: r.config, configDiff: r.configDiff, preset: r.preset, versions: r.versions, checkpoints: r.checkpoints, error: r.error,
});

/** A step's losses for the progress line: "D 0.693 G 0.701" for a GAN, the model's own scalars ("loss 0.112") otherwise. */
export function lossText(m: Record<string, number | undefined>): string {
  if (m.lossD !== undefined && m.lossG !== undefined) return `D ${m.lossD.toFixed(3)} G ${m.lossG.toFixed(3)}`;
  return Object.entries(m).filter(([k, v]) => k !== 'epoch' && v !== undefined).slice(0, 3).map(([k, v]) => `${k} ${v!.toFixed(3)}`).join(' ');
}

/**
 * Waits for a queued run to end, showing progress on stderr. The run is this command's own: whoever runs it, this
 * process waits for it, never for or against anyone else's (a CLI's scheduler starts only the jobs it waits for,
 * and a run whose runner ended is queued again). The first Ctrl-C asks the run to stop (it writes a checkpoint),
 * then exits 130; a failed run is an error (exit 1) naming the reason, `disk_full` for a full disk.
 */
export async function waitForRun(studio: Studio, runId: string, json: boolean): Promise<number> {
  studio.claimJob(runId);
  const { row: run, interrupted } = await waitForJob(studio, {
    what: 'run', jobId: runId, pollMs: 300, logs: true,
    read: async () => (await studio.dispatch('runs.get', { runId })) as RunSummary,
    progress: (p) => `${lossText(p.metrics)} ${p.stepsPerSecond.toFixed(2)} steps/s ${formatEta(p.etaSeconds)}`,
    interrupt: { notice: 'stopping: writing a checkpoint…', call: () => studio.dispatch('runs.stop', { runId }) },
    // Run by another face (serve, the app): its progress events stay there; the saved step still shows here.
    elsewhere: (r) => ({ done: r.step, total: r.totalSteps, note: 'run by another GAN Studio process' }),
  });
  printResult(json, runResult(run), () => [`run ${runId} ${run.status} at step ${run.step}; checkpoints: ${run.checkpoints.join(', ') || 'none'}`,
    ...run.warnings.map((w) => `  warning (step ${w.step}): ${w.message}`)]);
  return interrupted ? EXIT.interrupted : EXIT.ok;
}
