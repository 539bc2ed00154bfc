import type { Rng, RngState } from './rng';

/** A place in a shuffled data order: one per dataset role of a run. */
export interface DataOrder {
  rng: Rng;
  epoch: number;
  order: Uint32Array;
  cursor: number;
}

/** What a checkpoint keeps of a data order. */
export interface OrderSnapshot {
  rng: { s: RngState; spare: number | null };
  epoch: number;
  cursor: number;
  order: number[];
}

export const newOrder = (rng: Rng, count: number): DataOrder => ({ rng, epoch: 0, order: rng.permutation(count), cursor: 0 });

/**
 * The next `batch` rows of the data order; a new epoch (fresh permutation) starts when fewer than `batch` rows
 * are left, so every batch is full and each image is seen once per epoch.
 */
export function nextBatchRows(o: DataOrder, batch: number): Uint32Array {
  if (o.cursor + batch > o.order.length) {
    o.epoch += 1;
    o.order = o.rng.permutation(o.order.length);
    o.cursor = 0;
  }
  const rows = o.order.slice(o.cursor, o.cursor + batch);
  o.cursor += batch;
  return rows;
}

export const snapshotOrder = (o: DataOrder): OrderSnapshot => ({ rng: o.rng.getState(), epoch: o.epoch, cursor: o.cursor, order: Array.from(o.order) });

/** @throws when the checkpoint was made on another number of training images than the dataset now has. */
export function restoreOrder(o: DataOrder, s: OrderSnapshot, role: string): void {
  if (s.order.length !== o.order.length) {
    throw new Error(`the checkpoint was made on ${s.order.length} training images of '${role}', the dataset now has ${o.order.length}`);
  }
  o.rng.setState(s.rng);
  o.epoch = s.epoch;
  o.cursor = s.cursor;
  o.order = Uint32Array.from(s.order);
}
