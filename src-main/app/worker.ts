import type { ForkOptions } from 'electron';
import type { ForkWorker, WorkerChannel } from '../engine/jobs/worker-channel';
import type { HostToWorker, WorkerToHost } from '../engine/jobs/protocol';

/** What the adapter needs of a UtilityProcess. */
export interface UtilityChild {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export type UtilityFork = (modulePath: string, args?: string[], options?: ForkOptions) => UtilityChild;

/**
 * A ForkWorker that starts `modulePath` (out/main/job-worker.js) as an Electron utility process: a Node process
 * with Electron's ABI (so the Electron build of better-sqlite3 loads there too), ended with the app.
 * In the worker, messages arrive on `process.parentPort` instead of `process.on('message')`.
 * @param baseEnv the app's environment; the job host's `env` is laid over it
 */
export function utilityForkWorker(fork: UtilityFork, modulePath: string, baseEnv: NodeJS.ProcessEnv): ForkWorker {
  return ({ env }) => {
    const merged: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...baseEnv, ...env })) if (typeof v === 'string') merged[k] = v;
    const child = fork(modulePath, [], { env: merged, serviceName: 'GAN Studio job', stdio: 'inherit' });
    let exited = false;
    const channel: WorkerChannel = {
      send(message: HostToWorker) {
        if (!exited) child.postMessage(message);
      },
      onMessage(listener: (message: WorkerToHost) => void) {
        child.on('message', (message) => listener(message as WorkerToHost));
      },
      onExit(listener) {
        // utilityProcess reports only an exit code; a kill shows as a non-zero code, never a signal name.
        child.on('exit', (code) => listener({ code, signal: null }));
      },
      kill() {
        if (!exited) child.kill();
      },
    };
    child.on('exit', () => {
      exited = true;
    });
    return channel;
  };
}
