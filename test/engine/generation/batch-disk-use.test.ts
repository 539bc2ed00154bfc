import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import type { Db } from '../../../src-main/engine/db/database';
import { useTempDirs } from '../../helpers/temp-dir';
import { setupTranslationHome, translateInProcess } from '../translation/translation-fixture';
import { setupGenerationHome } from './generation-fixture';
import { samplesHandlersOf } from '../training/run-fixture';

beforeAll(async () => {
  await resolveBackend({ force: 'wasm' });
});

/** The sizes of a batch's distinct sample files, read from the disk. */
function filesBytes(db: Db, home: string, batchId: string): { bytes: number; files: number } {
  const paths = [...new Set((db.prepare('SELECT path FROM samples WHERE batch_id = ?').all(batchId) as { path: string }[]).map((r) => r.path))];
  return { bytes: paths.reduce((a, p) => a + statSync(join(home, p)).size, 0), files: paths.length };
}

describe('disk use of a generated batch', () => {
  const tempDir = useTempDirs();

  it('is the sum of its sample files; a file two batches share counts for both', async () => {
    const h = await setupGenerationHome(tempDir());
    const batch = await h.generate({ perClass: 5, seed: 7 });
    const onDisk = filesBytes(h.db, h.home, batch.batchId);
    expect(onDisk.files).toBe(15);
    expect(batch.diskBytes).toBe(onDisk.bytes);
    expect(batch.diskBytes).toBeGreaterThan(0);

    // The same seed makes the same images: stored once, counted for each batch.
    const again = await h.generate({ perClass: 5, seed: 7 });
    expect(again.diskBytes).toBe(batch.diskBytes);
    const listed = (await h.samples['samples.batches']({})).batches;
    expect(listed.map((b) => b.diskBytes)).toEqual([batch.diskBytes, batch.diskBytes]);
    // A batch with more samples of the same seed holds those files and more.
    const bigger = await h.generate({ perClass: 6, seed: 7 });
    expect(bigger.diskBytes).toBe(filesBytes(h.db, h.home, bigger.batchId).bytes);
    expect(bigger.diskBytes).toBeGreaterThan(batch.diskBytes);
    h.db.close();
  });

  it('rows written before sizes were recorded are measured once; a missing file counts 0', async () => {
    const h = await setupGenerationHome(tempDir());
    const batch = await h.generate({ perClass: 4, seed: 3 });
    const first = h.db.prepare('SELECT path FROM samples WHERE batch_id = ? ORDER BY sample_id LIMIT 1').get(batch.batchId) as { path: string };
    const lost = statSync(join(h.home, first.path)).size;
    // As a home from before schema 7 would have them.
    h.db.prepare('UPDATE samples SET bytes = NULL').run();
    rmSync(join(h.home, first.path));
    const after = await h.samples['samples.batch']({ batchId: batch.batchId });
    expect(after.diskBytes).toBe(batch.diskBytes - lost);
    expect((h.db.prepare('SELECT COUNT(*) AS n FROM samples WHERE bytes IS NULL').get() as { n: number }).n).toBe(0);
    h.db.close();
  });

  it('a translation batch counts its translated files', async () => {
    const h = await setupTranslationHome(tempDir());
    const samples = samplesHandlersOf(h.db, h.home);
    const { batchId, count } = await translateInProcess(h.db, h.home, { runId: h.run.runId, direction: 'a2b', checkpoint: 'latest', inputDataset: 'shapes' });
    const batch = await samples['samples.batch']({ batchId });
    const onDisk = filesBytes(h.db, h.home, batchId);
    expect(onDisk.files).toBeGreaterThan(1);
    expect(onDisk.files).toBeLessThanOrEqual(count);
    expect(batch.diskBytes).toBe(onDisk.bytes);
    h.db.close();
  });
});
