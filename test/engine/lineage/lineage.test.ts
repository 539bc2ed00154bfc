import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { resolveLineage } from '../../../src-main/engine/lineage/lineage';
import { useTempDirs } from '../../helpers/temp-dir';
import { setupGenerationHome } from '../generation/generation-fixture';

beforeAll(async () => {
  await resolveBackend({ force: 'wasm' });
});

const rowsOf = (out: string) => readFileSync(join(out, 'metadata.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('lineage', () => {
  const tempDir = useTempDirs();

  it('a re-encoded exported file (path) → sample → batch → checkpoint → run config → dataset version → real training files', async () => {
    const h = await setupGenerationHome(tempDir());
    const batch = await h.generate({ perClass: 3, seed: 42 });
    const out = join(tempDir(), 'e');
    await h.exports['exports.create']({ batchIds: [batch.batchId], out, withReal: 'shapes', format: 'jpg', resolution: 32, overwrite: false });
    const rows = rowsOf(out);
    // a filtered batch (the default) keeps latent indices with gaps: trace the highest one kept
    const syn = rows.filter((r) => r.synthetic === true).sort((a, b) => Number(b.sample_index) - Number(a.sample_index))[0]!;
    expect(batch.filter).not.toBeNull();
    const l = await resolveLineage(h.db, join(out, syn.file_name as string));
    expect(l).toMatchObject({
      sha256: syn.sha256, synthetic: true, runId: h.run.runId, checkpointStep: 4, batchId: batch.batchId, seed: 42, sampleIndex: syn.sample_index,
      label: syn.label, weights: 'ema', datasetVersionId: h.run.datasets[0]!.versionId, runConfig: { resolution: 28, width: 4 },
      exports: [{ out, fileName: syn.file_name }],
    });
    expect(l.sources).toHaveLength(24);
    expect(l.sources.every((s) => s.path.startsWith(h.folder))).toBe(true);

    const real = rows.find((r) => r.synthetic === false)!;
    const lr = await resolveLineage(h.db, join(out, real.file_name as string));
    expect(lr).toMatchObject({ synthetic: false, sourceSha256: real.source_sha256, runId: null, label: real.label, datasetVersionId: real.dataset_version_id });
    expect(lr.sources).toEqual([{ path: expect.stringContaining(h.folder), sha256: real.source_sha256, label: real.label }]);
    await expect(resolveLineage(h.db, 'f'.repeat(64))).rejects.toMatchObject({ code: 'not_found' });
  });

  it('deleting what lineage needs is refused; a deleted run folder does not break it', async () => {
    const h = await setupGenerationHome(tempDir());
    const batch = await h.generate({ perClass: 2 });
    const other = await h.generate({ perClass: 1 });
    const out = join(tempDir(), 'e');
    await h.exports['exports.create']({ batchIds: [batch.batchId], out, format: 'png', overwrite: false });
    await expect(h.samples['samples.deleteBatch']({ batchId: batch.batchId })).rejects.toMatchObject({ code: 'conflict' });
    expect(() => h.db.prepare('DELETE FROM runs WHERE run_id = ?').run(h.run.runId)).toThrow(/FOREIGN KEY/);
    expect(() => h.db.prepare('DELETE FROM samples WHERE batch_id = ?').run(batch.batchId)).toThrow(/FOREIGN KEY/);
    expect(await h.samples['samples.deleteBatch']({ batchId: other.batchId })).toEqual({ deleted: 3 });
    rmSync(h.run.runDir, { recursive: true, force: true });
    const file = rowsOf(out)[0]!;
    expect(await resolveLineage(h.db, file.sha256 as string)).toMatchObject({ batchId: batch.batchId, checkpointStep: 4, runId: h.run.runId });
    // A deleted checkpoint can no longer be generated from: a clear not_found.
    await expect(h.samples['samples.generate']({ runId: h.run.runId, perClass: 1, checkpoint: 4, weights: 'ema' })).rejects.toMatchObject({ code: 'not_found' });
  });
});
