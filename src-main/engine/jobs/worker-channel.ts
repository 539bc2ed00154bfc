import type { HostToWorker, WorkerToHost } from './protocol';

/** How the job host talks to one worker process, whatever forked it (child_process or Electron's utilityProcess). */
export interface WorkerChannel {
  send(message: HostToWorker): void;
  onMessage(listener: (message: WorkerToHost) => void): void;
  /** Called once when the process is gone; `code` null means it was killed by `signal`. */
  onExit(listener: (info: { code: number | null; signal: string | null }) => void): void;
  kill(): void;
}

/** Starts one worker process. The desktop app passes a utilityProcess-based one; web and CLI use child_process. */
export type ForkWorker = (options: { env: Record<string, string> }) => WorkerChannel;
