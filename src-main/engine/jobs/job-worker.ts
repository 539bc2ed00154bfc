/**
 * The training process. Forked by the job host (child_process.fork for web/CLI, Electron's utilityProcess.fork in
 * the desktop app), it resolves the compute backend, runs one job and reports through the typed protocol.
 */
import type { BackendName } from '../../shared/domain/backend';
import { resolveBackend } from '../compute/resolve-backend';
import { preferWasmThreads } from '../compute/wasm-loader';
import type { JobContext } from './job-context';
import { join } from 'node:path';
import { diskFullError, isDiskFullError } from '../home/disk-full';
import type { HostToWorker, WorkerToHost } from './protocol';

interface Port {
  post(message: WorkerToHost): void;
  onMessage(listener: (message: HostToWorker) => void): void;
}

/** Electron's utilityProcess gives `process.parentPort`; child_process.fork gives `process.send`. */
function connectToHost(): Port {
  const electronPort = (process as unknown as { parentPort?: { postMessage(m: unknown): void; on(e: 'message', l: (ev: { data: unknown }) => void): void } }).parentPort;
  if (electronPort) {
    return {
      post: (m) => electronPort.postMessage(m),
      onMessage: (l) => electronPort.on('message', (ev) => l(ev.data as HostToWorker)),
    };
  }
  if (process.send) {
    const send = process.send.bind(process);
    return { post: (m) => send(m), onMessage: (l) => process.on('message', (m) => l(m as HostToWorker)) };
  }
  throw new Error('job-worker must be started by the GAN Studio job host');
}

const port = connectToHost();
// A terminal's Ctrl-C reaches the whole process group: the host decides (it sends `stop`, and the job writes
// its checkpoint), so the worker itself must not die on SIGINT.
process.on('SIGINT', () => undefined);
// The host died (kill -9, a crash): nobody records this job any more and a new host may already resume it, so a
// worker left behind must not go on writing checkpoints beside it. What it wrote last is swept as a dead pid's.
process.on('disconnect', () => process.exit(75));
let paused = false;
let stopRequested = false;
let wake: (() => void) | null = null;

function wakeUp(): void {
  wake?.();
  wake = null;
}

async function checkpoint(): Promise<'continue' | 'stop'> {
  // tfjs-wasm resolves data() on microtasks only: yield one macrotask so host messages (pause, stop) get in.
  await new Promise<void>((r) => setImmediate(r));
  if (paused && !stopRequested) {
    port.post({ type: 'paused' });
    while (paused && !stopRequested) await new Promise<void>((r) => (wake = r));
    if (!stopRequested) port.post({ type: 'resumed' });
  }
  return stopRequested ? 'stop' : 'continue';
}

// jobs train and generate: use every core on wasm (GAN_STUDIO_WASM_THREADS overrides)
preferWasmThreads('auto');

async function probe(backend: BackendName | null): Promise<void> {
  const { report } = await resolveBackend(backend ? { force: backend } : {});
  port.post({ type: 'backend', report });
}

async function measure(message: Extract<HostToWorker, { type: 'measure' }>): Promise<void> {
  const { tf, report } = await resolveBackend(message.backend ? { force: message.backend } : {});
  port.post({ type: 'backend', report });
  const { measureSteps } = await import('./measure-steps');
  const m = await measureSteps(tf, message.kind, message.config as never, message.classes, message.steps);
  port.post({ type: 'measured', ...m });
}

async function run(message: Extract<HostToWorker, { type: 'start' }>): Promise<void> {
  const { tf, report } = await resolveBackend(message.backend ? { force: message.backend } : {});
  port.post({ type: 'backend', report });
  // a forced software adapter: the user hears that it is for testing only (the job's log, shown by every face)
  if (report.warning) port.post({ type: 'log', level: 'warn', message: report.warning });
  const ctx: JobContext = {
    tf,
    backend: report,
    jobId: message.jobId,
    kind: message.kind,
    home: message.home,
    params: message.params,
    progress: (step, totalSteps, metrics) => port.post({ type: 'progress', step, totalSteps, metrics }),
    log: (level, text) => port.post({ type: 'log', level, message: text }),
    checkpoint,
  };
  // The job kinds (models, training, sharp) are imported by a job, not by a backend probe (`gan-studio info`).
  const { JOB_RUNNERS } = await import('./kinds');
  const outcome = await JOB_RUNNERS[message.kind](ctx);
  port.post({ type: 'result', ...outcome });
}

/** Where a job writes, named when a full disk stops a write that carries no path (a write(2), SQLite). */
function jobFolder(message: Extract<HostToWorker, { type: 'start' }>): string {
  if (message.kind === 'train' || message.kind === 'train-cgan' || message.kind === 'train-cyclegan') return join(message.home, 'runs', message.jobId);
  if (message.kind === 'generate' || message.kind === 'translate') return join(message.home, 'samples');
  return message.home;
}

/** The message a job's failure is recorded with: a full disk anywhere becomes the `disk_full` wording. */
function failureMessage(err: unknown, message: HostToWorker): string {
  if (isDiskFullError(err, message.type === 'start' ? message.home : undefined)) {
    const folder = message.type === 'start' ? (String((err as { code?: string }).code).startsWith('SQLITE_') ? message.home : jobFolder(message)) : '.';
    return diskFullError(err, folder).message;
  }
  return err instanceof Error ? err.message : String(err);
}

port.onMessage((message) => {
  switch (message.type) {
    case 'start':
    case 'measure':
    case 'probe': {
      const work = message.type === 'start' ? run(message) : message.type === 'measure' ? measure(message) : probe(message.backend);
      work
        .catch((err: unknown) => port.post({ type: 'error', message: failureMessage(err, message) }))
        // Give the IPC channel a moment to flush, then leave: one job per process.
        .finally(() => setTimeout(() => process.exit(0), 50));
      break;
    }
    case 'pause':
      paused = true;
      break;
    case 'resume':
      paused = false;
      wakeUp();
      break;
    case 'stop':
      stopRequested = true;
      wakeUp();
      break;
  }
});
port.post({ type: 'ready', pid: process.pid });
