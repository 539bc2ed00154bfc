import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { sampleCalls } from '../../../src-main/shared/api/contract-samples';
import { useTempDirs } from '../../helpers/temp-dir';
import { writeDomainFolder } from '../training/cyclegan-fixture';
import { setupTranslationHome, translateInProcess } from '../translation/translation-fixture';
import { setupGenerationHome } from './generation-fixture';
import { samplesHandlersOf } from '../training/run-fixture';

beforeAll(async () => {
  await resolveBackend({ force: 'wasm' });
});

describe('samples.list (the gallery)', () => {
  const tempDir = useTempDirs();

  it('filters all / kept / rejected, alone or with a class, and pages each', async () => {
    const h = await setupGenerationHome(tempDir());
    const batch = await h.generate({ perClass: 4, filter: false });
    const list = h.samples['samples.list'];
    const all = await list({ batchId: batch.batchId, offset: 0, limit: 200 });
    expect(all.total).toBe(12);
    expect(all.samples.every((s) => s.kept)).toBe(true); // samples start kept: there is no unreviewed state
    // Reject 2 of class 0 and 1 of class 2.
    const rejected = [all.samples[0]!, all.samples[3]!, all.samples[9]!];
    await h.samples['samples.setKept']({ sampleIds: rejected.map((s) => s.sampleId), kept: false });

    const ids = (r: { samples: { sampleId: number }[] }) => r.samples.map((s) => s.sampleId);
    const only = await list({ batchId: batch.batchId, kept: 'rejected', offset: 0, limit: 200 });
    expect(only.total).toBe(3);
    expect(ids(only)).toEqual(rejected.map((s) => s.sampleId));
    expect(only.samples.every((s) => !s.kept)).toBe(true);
    const kept = await list({ batchId: batch.batchId, kept: 'kept', offset: 0, limit: 200 });
    expect(kept.total).toBe(9);
    expect(kept.samples.every((s) => s.kept)).toBe(true);
    expect((await list({ batchId: batch.batchId, kept: 'all', offset: 0, limit: 200 })).total).toBe(12);

    const class0 = await list({ batchId: batch.batchId, classIndex: 0, kept: 'rejected', offset: 0, limit: 200 });
    expect(class0.samples.map((s) => [s.classIndex, s.sampleIndex])).toEqual([[0, 0], [0, 3]]);
    expect((await list({ batchId: batch.batchId, classIndex: 1, kept: 'rejected', offset: 0, limit: 200 })).total).toBe(0);
    expect((await list({ batchId: batch.batchId, classIndex: 0, kept: 'kept', offset: 0, limit: 200 })).total).toBe(2);
    const page = await list({ batchId: batch.batchId, kept: 'rejected', offset: 1, limit: 1 });
    expect([page.total, ids(page)]).toEqual([3, [rejected[1]!.sampleId]]);

    // Keeping a rejected sample again takes it out of the rejected list.
    await h.samples['samples.setKept']({ sampleIds: [rejected[0]!.sampleId], kept: true });
    expect((await list({ batchId: batch.batchId, kept: 'rejected', offset: 0, limit: 200 })).total).toBe(2);
    // The contract refuses any other state.
    expect(sampleCalls['samples.list'].input.safeParse({ batchId: batch.batchId, kept: 'unreviewed' }).success).toBe(false);
    expect(sampleCalls['samples.list'].input.safeParse({ batchId: batch.batchId, keptOnly: true }).success).toBe(false);
    h.db.close();
  });

  it('a translation batch lists its classes by name: the labeled source\'s, or the target domain\'s', async () => {
    const root = tempDir();
    const h = await setupTranslationHome(root);
    const samples = samplesHandlersOf(h.db, h.home);
    const labeled = await translateInProcess(h.db, h.home, { runId: h.run.runId, direction: 'a2b', checkpoint: 'latest', inputDataset: 'shapes' });
    const names = (await samples['samples.list']({ batchId: labeled.batchId, offset: 0, limit: 200 })).samples.map((s) => s.className);
    expect([...new Set(names)]).toEqual(['bar', 'circle', 'square']);
    const folder = await translateInProcess(h.db, h.home, { runId: h.run.runId, direction: 'b2a', checkpoint: 'latest', inputDir: await writeDomainFolder(join(root, 'x'), 2, 1) });
    expect((await samples['samples.list']({ batchId: folder.batchId, offset: 0, limit: 200 })).samples.map((s) => s.className)).toEqual(['shapes', 'shapes']);
    h.db.close();
  });
});
