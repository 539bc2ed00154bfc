import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { HostToWorker, WorkerToHost } from './protocol';
import type { ForkWorker } from './worker-channel';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Forks the job worker with Node's child_process (web mode and CLI). Runs the TypeScript entry through tsx,
 * or the built `job-worker.js` when this file itself was bundled.
 */
export const forkNodeWorker: ForkWorker = ({ env }) => {
  const tsEntry = join(here, 'job-worker.ts');
  const builtEntry = join(here, 'job-worker.js');
  const useTs = existsSync(tsEntry);
  const execArgv = useTs ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : [];
  const child = fork(useTs ? tsEntry : builtEntry, [], {
    env: { ...process.env, ...env },
    execArgv,
    // The worker's console goes to our stderr: stdout of the CLI is reserved for its one JSON document.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  child.stdout?.pipe(process.stderr, { end: false });
  child.stderr?.pipe(process.stderr, { end: false });
  return {
    send: (message: HostToWorker) => {
      if (child.connected) child.send(message);
    },
    onMessage: (listener) => child.on('message', (m) => listener(m as WorkerToHost)),
    onExit: (listener) => child.once('exit', (code, signal) => listener({ code, signal })),
    kill: () => {
      child.kill('SIGKILL');
    },
  };
};
