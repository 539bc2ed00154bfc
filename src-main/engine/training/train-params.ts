import { TrainParamsSchema, type TrainParams } from '../../shared/domain/run';

/**
 * A training job's parameters. Jobs queued before the one training loop carry their model in the job kind and
 * their datasets under older names: `train-cgan` {datasetVersionId}, `train-cyclegan` {versionA, versionB}.
 */
export function trainParamsOf(jobKind: string, params: Record<string, unknown>): TrainParams {
  if (params.datasets !== undefined) return TrainParamsSchema.parse(params);
  if (jobKind === 'train-cgan') {
    return TrainParamsSchema.parse({ ...params, kind: 'cgan', datasets: { train: params.datasetVersionId }, datasetVersionId: undefined });
  }
  if (jobKind === 'train-cyclegan') {
    return TrainParamsSchema.parse({ ...params, kind: 'cyclegan', datasets: { a: params.versionA, b: params.versionB }, versionA: undefined, versionB: undefined });
  }
  return TrainParamsSchema.parse(params);
}
