import { describe, expect, it } from 'vitest';
import { evaluationForBatches } from '../../src-main/shared/evaluation-for-batches';

type E = Parameters<typeof evaluationForBatches>[0][number];
const ev = (id: string, batchIds: string[], status: E['status'] = 'completed'): E & { id: string } => ({
  id, status, result: status === 'completed' ? ({} as NonNullable<E['result']>) : null,
  batches: batchIds.map((batchId) => ({ batchId, runId: 'r', checkpointStep: 1 })),
});

describe('the evaluation of a set of batches (export README and Export page)', () => {
  // newest first, as the repository and the store list them
  const list = [ev('running', ['a', 'b'], 'running'), ev('wider', ['a', 'c']), ev('onlyA', ['a']), ev('both', ['a', 'b']), ev('onlyB', ['b'])];

  it('prefers an evaluation of exactly these batches over a newer one of some of them', () => {
    expect(evaluationForBatches(list, new Set(['a', 'b']))?.id).toBe('both');
  });

  it('else the newest of some of them; never one that also judged a batch outside the set, nor an unfinished one', () => {
    expect(evaluationForBatches(list, new Set(['a', 'b', 'd']))?.id).toBe('onlyA');
    expect(evaluationForBatches(list, new Set(['c']))).toBeNull();
    expect(evaluationForBatches([ev('running', ['a'], 'running')], new Set(['a']))).toBeNull();
    expect(evaluationForBatches(list, new Set())).toBeNull();
  });
});
