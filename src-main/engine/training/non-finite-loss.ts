import { ApiError } from '../../shared/api/errors';

/** A loss became NaN or infinite: the run stops, its last good checkpoint stays. */
export class NonFiniteLossError extends ApiError {
  constructor(step: number, metrics: Record<string, number>, lastGood: number | null) {
    const bad = Object.entries(metrics).filter(([, v]) => !Number.isFinite(v)).map(([k, v]) => `${k} = ${v}`).join(', ');
    super('job_failed', `training diverged at step ${step} (${bad}); ${lastGood === null ? 'no checkpoint was written yet' :
      `the last good checkpoint (step ${lastGood}) is kept: resume from it with a lower learning rate`}`);
  }
}
