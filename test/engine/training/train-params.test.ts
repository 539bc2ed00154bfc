import { describe, expect, it } from 'vitest';
import { trainParamsOf } from '../../../src-main/engine/training/train-params';

const config = { resolution: 28, channels: 1, steps: 5, batch: 4, seed: 0, width: 8 };

describe('train job parameters', () => {
  it('reads a train job as it is', () => {
    expect(trainParamsOf('train', { kind: 'template', datasets: { train: 'v1' }, config })).toEqual({ kind: 'template', datasets: { train: 'v1' }, config });
  });

  it('reads jobs queued before the one training loop: train-cgan {datasetVersionId}, train-cyclegan {versionA, versionB}', () => {
    expect(trainParamsOf('train-cgan', { datasetVersionId: 'v1', config, injectNanAtStep: 3 }))
      .toEqual({ kind: 'cgan', datasets: { train: 'v1' }, config, injectNanAtStep: 3 });
    expect(trainParamsOf('train-cyclegan', { versionA: 'va', versionB: 'vb', config })).toEqual({ kind: 'cyclegan', datasets: { a: 'va', b: 'vb' }, config });
    // a legacy job requeued by today's resume carries today's parameters
    expect(trainParamsOf('train-cgan', { kind: 'cgan', datasets: { train: 'v2' }, config })).toEqual({ kind: 'cgan', datasets: { train: 'v2' }, config });
  });

  it('refuses parameters that are neither', () => {
    expect(() => trainParamsOf('train', { datasetVersionId: 'v1', config })).toThrow();
    expect(() => trainParamsOf('train-cgan', { config })).toThrow();
  });
});
