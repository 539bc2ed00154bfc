import type { BackendName, BackendReport } from '../../shared/domain/backend';
import type { JobKind } from '../../shared/domain/job';

/** Messages host → worker. One job per worker process. */
export type HostToWorker =
  | { type: 'start'; jobId: string; kind: JobKind; params: Record<string, unknown>; home: string; backend: BackendName | null }
  | { type: 'probe'; backend: BackendName | null }
  /** Time a model's training step for a config (runs.estimate); the worker answers `measured` and exits. */
  | { type: 'measure'; backend: BackendName | null; kind: string; config: Record<string, unknown>; classes: number; steps: number }
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
  | { type: 'measured'; firstStepMs: number; msPerStep: number; previewMs: number; steps: number }
  | { type: 'error'; message: string };
