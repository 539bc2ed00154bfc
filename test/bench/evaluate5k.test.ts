import { describe, expect, it } from 'vitest';
import { WORKLOADS } from '../../src-main/bench/workloads';
import { EVALUATE5K_WORKLOAD, evaluate5kParams, evaluate5kSets } from '../../src-main/bench/evaluate5k';
import { totalEvaluationSteps } from '../../src-main/engine/evaluation/evaluator-config';

describe('evaluate5k bench workload', () => {
  it('is registered and measures one whole default evaluation per step', () => {
    expect(WORKLOADS['evaluate5k']).toBe(EVALUATE5K_WORKLOAD);
    expect(EVALUATE5K_WORKLOAD).toMatchObject({ steps: 1, warmup: 0, imagesPerStep: 6000 });
  });

  it('is what `evaluate --seeds 3` does for 100 real + 500 synthetic per class', () => {
    const p = evaluate5kParams();
    expect(p).toMatchObject({ ratios: [1, 5], seeds: [1, 2, 3], steps: 1500, baseline: 'shift-flip' });
    // 3 seeds × (real only, ×1, ×5, synthetic only, augmented copies) × 1,500 steps
    expect(totalEvaluationSteps(p)).toBe(22500);
    const sets = evaluate5kSets();
    expect([sets.real.count, sets.synth.count, sets.test.count]).toEqual([1000, 5000, 10000]);
    expect(sets.source).toBe('fashion-mnist');
  });
});
