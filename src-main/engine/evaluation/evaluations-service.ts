import { ApiError } from '../../shared/api/errors';
import type { Evaluation } from '../../shared/domain/evaluation';
import { isLiveStatus } from '../../shared/domain/job';
import type { Handlers } from '../api/dispatch';
import type { Db } from '../db/database';
import type { JobQueue } from '../services/job-service-deps';
import { totalEvaluationSteps } from './evaluator-config';
import { getEvaluation, listEvaluations } from './evaluations-repo';
import { resolveEvaluation } from './resolve-evaluate';

type EvaluationCall = 'evaluations.create' | 'evaluations.list' | 'evaluations.get' | 'evaluations.cancel';

export interface EvaluationsServiceDeps extends JobQueue {
  db: Db;
}

/** API handlers of "does it help?" evaluations: an evaluation is an `evaluate` job plus, once completed, its row. */
export function createEvaluationsHandlers(deps: EvaluationsServiceDeps): Pick<Handlers, EvaluationCall> {
  const { db } = deps;
  const mustGet = (evaluationId: string): Evaluation => {
    const e = getEvaluation(db, evaluationId);
    if (!e) throw new ApiError('not_found', `no evaluation ${evaluationId}: list them with evaluations.list (gan-studio evaluations)`);
    return e;
  };
  return {
    'evaluations.create': (input) => {
      const params = resolveEvaluation(db, input);
      const job = deps.enqueue('evaluate', params, totalEvaluationSteps(params));
      return mustGet(job.jobId);
    },
    'evaluations.get': ({ evaluationId }) => mustGet(evaluationId),
    'evaluations.list': ({ batchId }) => ({ evaluations: listEvaluations(db, batchId) }),
    'evaluations.cancel': ({ evaluationId }) => {
      const e = mustGet(evaluationId);
      if (isLiveStatus(e.status)) deps.control(evaluationId, 'stop');
      return mustGet(evaluationId);
    },
  };
}
