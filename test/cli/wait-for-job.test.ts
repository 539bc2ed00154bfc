import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiError } from '../../src-main/shared/api/errors';
import type { JobProgress, RunStatus } from '../../src-main/shared/domain/job';
import type { Studio, StudioEventListener } from '../../src-main/engine/studio-types';
import { waitForJob, type JobWait } from '../../src-main/cli/wait-for-job';

interface Row { status: RunStatus; error: string | null; step: number }

/**
 * A studio whose job row follows `rows` (one per read, the last repeated) and whose events a test sends: the job
 * host's part, played by the test, so that the waiting itself runs for real (its timers, listeners, SIGINT handler).
 */
function scriptedStudio(rows: Row[]) {
  const listeners = new Set<StudioEventListener>();
  let reads = 0;
  const studio = {
    onEvent(l: StudioEventListener) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  } as unknown as Studio;
  return {
    studio,
    listeners,
    read: async (): Promise<Row> => rows[Math.min(reads++, rows.length - 1)]!,
    emit: (name: string, payload: unknown) => { for (const l of listeners) (l as (n: string, p: unknown) => void)(name, payload); },
  };
}

const stderr: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  stderr.length = 0;
});
const captureStderr = () => vi.spyOn(process.stderr, 'write').mockImplementation((s) => (stderr.push(String(s)), true));

function wait(s: ReturnType<typeof scriptedStudio>, extra: Partial<JobWait<Row>> = {}) {
  const stop = vi.fn(async () => undefined);
  const done = waitForJob(s.studio, {
    what: 'run', jobId: 'j1', pollMs: 5, read: () => s.read(), progress: (p: JobProgress) => `${p.stepsPerSecond} steps/s`,
    interrupt: { notice: 'stopping…', call: stop }, ...extra,
  });
  return { done, stop };
}

describe('waitForJob: one wait for runs, batches and evaluations', () => {
  it('polls until the job ends, then returns its last row; its listeners and SIGINT handler are gone', async () => {
    captureStderr();
    const sigint = process.listenerCount('SIGINT');
    const s = scriptedStudio([{ status: 'queued', error: null, step: 0 }, { status: 'running', error: null, step: 1 }, { status: 'completed', error: null, step: 4 }]);
    const { done } = wait(s);
    expect(process.listenerCount('SIGINT')).toBe(sigint + 1);
    await expect(done).resolves.toEqual({ row: { status: 'completed', error: null, step: 4 }, interrupted: false });
    expect(s.listeners.size).toBe(0);
    expect(process.listenerCount('SIGINT')).toBe(sigint);
  });

  it('a failed row is an error naming the job and its reason: job_failed, or disk_full for a full disk', async () => {
    await expect(wait(scriptedStudio([{ status: 'failed', error: 'NaN loss', step: 3 }])).done)
      .rejects.toMatchObject({ code: 'job_failed', message: 'run j1 failed: NaN loss' });
    const full = scriptedStudio([{ status: 'failed', error: 'disk full: could not write x', step: 3 }]);
    await expect(wait(full, { what: 'evaluation' }).done).rejects.toMatchObject({ code: 'disk_full', message: 'evaluation j1 failed: disk full: could not write x' });
  });

  it("a failure only the host's event reports (the row still says running) ends the wait with it", async () => {
    const s = scriptedStudio([{ status: 'running', error: null, step: 1 }]);
    const { done } = wait(s, { what: 'evaluation' });
    s.emit('job.state', { jobId: 'other', status: 'failed', error: 'not ours' });
    await new Promise((r) => setTimeout(r, 20));
    s.emit('job.state', { jobId: 'j1', status: 'failed', error: 'disk full: no space' });
    const err = (await done.catch((e: unknown) => e)) as ApiError;
    expect(err).toMatchObject({ code: 'disk_full', message: 'evaluation j1 failed: disk full: no space' });
  });

  it('the first Ctrl-C says so and runs the interrupt once; the wait ends when the job leaves running', async () => {
    captureStderr();
    const before = new Set(process.listeners('SIGINT'));
    const s = scriptedStudio([{ status: 'running', error: null, step: 1 }]);
    const { done, stop } = wait(s);
    const ours = process.listeners('SIGINT').find((l) => !before.has(l))!;
    ours('SIGINT');
    ours('SIGINT');
    expect(stop).toHaveBeenCalledTimes(1);
    expect(stderr.join('')).toContain('\nstopping…\n');
    // the row leaves `running` (a run re-queued, say): interrupted, without waiting for an end state
    const rows: Row[] = [{ status: 'queued', error: null, step: 2 }];
    s.read = async () => rows[0]!;
    await expect(done).resolves.toEqual({ row: rows[0], interrupted: true });
  });

  it('shows the progress events of its own job, and its log lines when asked', async () => {
    captureStderr();
    const s = scriptedStudio([{ status: 'running', error: null, step: 7 }]);
    const { done } = wait(s, { logs: true });
    s.emit('job.progress', { jobId: 'other', step: 1, totalSteps: 99, stepsPerSecond: 9, etaSeconds: 1, metrics: {} });
    s.emit('job.progress', { jobId: 'j1', step: 8, totalSteps: 10, stepsPerSecond: 2.5, etaSeconds: 1, metrics: {} });
    s.emit('job.log', { jobId: 'j1', level: 'warn', message: 'D is winning' });
    s.emit('job.log', { jobId: 'j1', level: 'debug', message: 'noise' });
    s.emit('job.log', { jobId: 'other', level: 'error', message: 'not ours' });
    s.read = async () => ({ status: 'completed', error: null, step: 10 });
    await done;
    const out = stderr.join('');
    expect(out).toContain('run j1 ');
    expect(out).toContain('8/10  2.5 steps/s');
    expect(out).not.toContain('/99');
    expect(out).toContain('\nwarn: D is winning\n');
    expect(out).not.toContain('noise');
    expect(out).not.toContain('not ours');
  });

  it("a running job with no progress events here (another process runs it) shows its saved step with the note", async () => {
    captureStderr();
    const s = scriptedStudio([{ status: 'running', error: null, step: 7 }]);
    const { done } = wait(s, { elsewhere: (r) => ({ done: r.step, total: 10, note: 'run by another process' }) });
    await new Promise((r) => setTimeout(r, 30));
    expect(stderr.join('')).toContain('7/10  run by another process');
    s.read = async () => ({ status: 'completed', error: null, step: 10 });
    await done;
  });
});

describe("a run's progress line", () => {
  it("shows D and G for a GAN, the model's own scalars otherwise (never 'undefined')", async () => {
    const { lossText } = await import('../../src-main/cli/commands/run-wait');
    expect(lossText({ lossD: 0.6931, lossG: 0.7012, dFake: 0.5, epoch: 3 })).toBe('D 0.693 G 0.701');
    expect(lossText({ loss: 0.11234, epoch: 2 })).toBe('loss 0.112');
    expect(lossText({})).toBe('');
  });
});
