import { describe, expect, it } from 'vitest';
import { newOrder, nextBatchRows, restoreOrder, snapshotOrder } from '../../../src-main/engine/training/data-order';
import { Rng } from '../../../src-main/engine/training/rng';

describe('data order', () => {
  it('full batches, each image once per epoch, then a fresh permutation', () => {
    const o = newOrder(new Rng(5, 1), 10);
    const first = [...nextBatchRows(o, 4), ...nextBatchRows(o, 4)];
    expect(new Set(first).size).toBe(8);
    expect(o.epoch).toBe(0);
    const third = nextBatchRows(o, 4); // 2 left < 4: new epoch
    expect(o.epoch).toBe(1);
    expect(third.length).toBe(4);
  });

  it('a snapshot (as a checkpoint stores it) continues the same order; another image count is refused by name', () => {
    const o = newOrder(new Rng(5, 1), 10);
    nextBatchRows(o, 4);
    const snap = JSON.parse(JSON.stringify(snapshotOrder(o))) as ReturnType<typeof snapshotOrder>;
    const expected = Array.from({ length: 5 }, () => Array.from(nextBatchRows(o, 4)));
    const again = newOrder(new Rng(99, 1), 10);
    restoreOrder(again, snap, 'Dataset');
    expect(Array.from({ length: 5 }, () => Array.from(nextBatchRows(again, 4)))).toEqual(expected);
    expect(again.epoch).toBe(o.epoch);
    expect(() => restoreOrder(newOrder(new Rng(5, 1), 12), snap, 'Domain A')).toThrow(/made on 10 training images of 'Domain A', the dataset now has 12/);
  });
});
