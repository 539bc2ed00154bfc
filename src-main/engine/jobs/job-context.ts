import type * as tfType from '@tensorflow/tfjs';
import type { BackendReport } from '../../shared/domain/backend';
import type { JobKind } from '../../shared/domain/job';

export type Tf = typeof tfType;

/** What a job kind's runner gets from the worker process. */
export interface JobContext {
  tf: Tf;
  backend: BackendReport;
  jobId: string;
  kind: JobKind;
  home: string;
  params: Record<string, unknown>;
  /** Report a finished step with its scalars; the host throttles what reaches the UI. */
  progress(step: number, totalSteps: number, metrics: Record<string, number>): void;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
  /**
   * Call between steps: waits while paused, and answers 'stop' once a stop was asked
   * (the runner then saves what it must and returns `stopped`).
   */
  checkpoint(): Promise<'continue' | 'stop'>;
}

export interface JobOutcome {
  status: 'completed' | 'stopped';
  step: number;
  output: Record<string, unknown>;
}

export type JobRunner = (ctx: JobContext) => Promise<JobOutcome>;
