import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { getDataset, iterateVersionFiles } from '../../../src-main/engine/datasets';
import { getBatch } from '../../../src-main/engine/generation/samples-repo';
import { runTrainCyclegan } from '../../../src-main/engine/training/train-cyclegan';
import { translateToBatch } from '../../../src-main/engine/translation/translate';
import { getBatchTranslation, listTranslatedSamples } from '../../../src-main/engine/translation/translations-repo';
import type { RunSummary } from '../../../src-main/shared/domain/run';
import { useTempDirs } from '../../helpers/temp-dir';
import { importDomain, TINY_CYCLEGAN, writeDomainFolder } from '../training/cyclegan-fixture';
import { fakeContext, paramsOf, setupRunHome } from '../training/run-fixture';

beforeAll(async () => {
  await resolveBackend({ force: 'wasm' });
});

describe('translate', () => {
  const tempDir = useTempDirs();

  async function trained() {
    const root = tempDir();
    const h = await setupRunHome(root); // 'shapes': labeled, 3 classes × 8, grey
    await importDomain(h.db, h.home, root, 'blue', 12, 1);
    const run = (await h.handlers['runs.create']({ kind: 'cyclegan', a: 'shapes', b: 'blue', config: { ...TINY_CYCLEGAN, steps: 2 } })) as RunSummary;
    const c = fakeContext(h.home, run.runId);
    c.ctx.params = paramsOf(h.db, run);
    await runTrainCyclegan(c.ctx);
    return { ...h, root, run };
  }

  it('a labeled dataset A → B keeps every image\'s class and records source hash, direction and checkpoint', async () => {
    const { db, home, run } = await trained();
    const before = tf.memory().numTensors;
    const { batchId, count } = await translateToBatch(db, home, { runId: run.runId, direction: 'a2b', checkpoint: 'latest', inputDataset: 'shapes' });
    expect(tf.memory().numTensors).toBe(before);
    expect(count).toBe(24);
    const batch = getBatch(db, batchId)!;
    expect(batch).toMatchObject({ runId: run.runId, checkpointStep: 2, weights: 'raw', status: 'completed', count: 24 });
    expect(batch.classes.map((c) => [c.name, c.count])).toEqual([['bar', 8], ['circle', 8], ['square', 8]]); // the dataset's classes, sorted by folder
    expect(getBatchTranslation(db, batchId)).toMatchObject({ direction: 'a2b', source: { kind: 'dataset', ref: 'shapes', labeled: true } });
    const classOf = new Map([...iterateVersionFiles(db, getDataset(db, 'shapes')!.versionId)].map((f) => [f.sha256, f.classIndex]));
    const outs = listTranslatedSamples(db, batchId);
    expect(outs).toHaveLength(24);
    for (const o of outs) expect(classOf.get(o.sourceSha256)).toBe(o.classIndex);
    const meta = await sharp(join(home, outs[0]!.path)).metadata();
    expect([meta.width, meta.height, meta.channels]).toEqual([32, 32, 3]);
    db.close();
  });

  it('a folder B → A lands in one class named after the target domain; bad requests are refused', async () => {
    const { db, home, root, run, handlers } = await trained();
    const dir = await writeDomainFolder(join(root, 'loose'), 3, 1, 20);
    const { batchId, count } = await translateToBatch(db, home, { runId: run.runId, direction: 'b2a', checkpoint: 2, inputDir: dir });
    expect(count).toBe(3);
    expect(getBatch(db, batchId)!.classes).toEqual([{ index: 0, name: 'shapes', count: 3 }]);
    expect(getBatchTranslation(db, batchId)).toMatchObject({ direction: 'b2a', source: { kind: 'dir', path: dir } });
    await expect(translateToBatch(db, home, { runId: run.runId, direction: 'a2b', checkpoint: 7, inputDir: dir })).rejects.toThrow(/no checkpoint at step 7: it has 2/);
    const cgan = (await handlers['runs.create']({ kind: 'cgan', dataset: 'shapes', config: { resolution: 28, steps: 2 } })) as RunSummary;
    await expect(translateToBatch(db, home, { runId: cgan.runId, direction: 'a2b', checkpoint: 'latest', inputDir: dir })).rejects.toThrow(/is a cgan run: translate needs a CycleGAN run/);
    await expect(translateToBatch(db, home, { runId: run.runId, direction: 'a2b', checkpoint: 'latest', inputDir: join(root, 'nope') })).rejects.toThrow(/is not a folder/);
    db.close();
  });
});
