import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/database';
import { samplesWithoutBytes, setSampleBytes } from './samples-repo';

/**
 * Rows measured per round, then one write transaction and a yield to the event loop. Sync stat: ~6 µs a file
 * against ~20 µs through the thread pool; a round blocks for ~15–30 ms.
 */
const CHUNK = 2000;
/** One fill at a time per database: concurrent callers wait for the same one. */
const inFlight = new WeakMap<Db, Promise<number>>();

/**
 * Fills `samples.bytes` of rows written before schema 7 by stat-ing their files once (the column is filled at write
 * time since). A file missing from the store gets 0: it takes no space, and the row is not looked at again (a
 * later batch that stores the same image records its real size, and a batch's sum takes the largest per file).
 * Costs one indexed lookup when nothing is left to fill. Returns how many rows it filled.
 */
export function fillSampleBytes(db: Db, home: string): Promise<number> {
  const running = inFlight.get(db);
  if (running) return running;
  const p = fillAll(db, home).finally(() => inFlight.delete(db));
  inFlight.set(db, p);
  return p;
}

async function fillAll(db: Db, home: string): Promise<number> {
  let filled = 0;
  let after = -1;
  for (;;) {
    const rows = samplesWithoutBytes(db, after, CHUNK);
    if (rows.length === 0) return filled;
    after = rows.at(-1)!.id;
    const sizes = rows.map((r) => statSync(join(home, r.path), { throwIfNoEntry: false })?.size ?? 0);
    setSampleBytes(db, rows.map((r, i) => ({ id: r.id, bytes: sizes[i]! })));
    filled += rows.length;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
