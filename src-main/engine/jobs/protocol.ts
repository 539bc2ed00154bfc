import type { BackendName, BackendReport } from '../../shared/domain/backend';
import type { JobKind } from '../../shared/domain/job';

/** Messages host → worker. One job per worker process. */
export type HostToWorker =
  | { type: 'start'; jobId: string; kind: JobKind; params: Record<string, unknown>; home: string; backend: BackendName | null }
  | { type: 'probe'; backend: BackendName | null }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' };

/** Messages worker → host. */
export type WorkerToHost =
  | { type: 'ready'; pid: number }
  | { type: 'backend'; report: BackendReport }
  | { type: 'progress'; step: number; totalSteps: number; metrics: Record<string, number> }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string }
  | { type: 'paused' }
  | { type: 'resumed' }
  | { type: 'result'; status: 'completed' | 'stopped'; step: number; output: Record<string, unknown> }
  | { type: 'error'; message: string };
