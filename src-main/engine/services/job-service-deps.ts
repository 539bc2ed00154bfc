import type { Job, JobKind } from '../../shared/domain/job';
import type { Db } from '../db/database';

/** The job host's queue and controls, as the services that queue jobs (runs, batches, evaluations) use them. */
export interface JobQueue {
  enqueue(kind: JobKind, params: Record<string, unknown>, totalSteps: number): Job;
  control(jobId: string, action: 'pause' | 'resume' | 'stop'): Job;
}

/** What a job-queueing service gets from the studio: the database, the home folder and the app's version. */
export interface JobServiceDeps extends JobQueue {
  db: Db;
  home: string;
  app: string;
}
