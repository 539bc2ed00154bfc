import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { getDataset, iterateVersionFiles } from '../../../src-main/engine/datasets';
import { getBatch } from '../../../src-main/engine/generation/samples-repo';
import { getJob } from '../../../src-main/engine/jobs/jobs-repo';
import { runTranslate } from '../../../src-main/engine/translation/run-translate';
import { getBatchTranslation, listTranslatedSamples } from '../../../src-main/engine/translation/translations-repo';
import type { RunSummary } from '../../../src-main/shared/domain/run';
import { useTempDirs } from '../../helpers/temp-dir';
import { writeDomainFolder } from '../training/cyclegan-fixture';
import { fakeContext } from '../training/run-fixture';
import { setupTranslationHome, translateInProcess } from './translation-fixture';

beforeAll(async () => {
  await resolveBackend({ force: 'wasm' });
});

describe('translate', () => {
  const tempDir = useTempDirs();

  // 'shapes' (labeled, 3 classes × 8, grey) as A, 'blue' (12 images) as B, a CycleGAN trained 2 steps between them.
  const trained = () => setupTranslationHome(tempDir());

  it('a labeled dataset A → B keeps every image\'s class and records source hash, direction and checkpoint', async () => {
    const { db, home, run } = await trained();
    const before = tf.memory().numTensors;
    const { batchId, count } = await translateInProcess(db, home, { runId: run.runId, direction: 'a2b', checkpoint: 'latest', inputDataset: 'shapes' });
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
    const { batchId, count } = await translateInProcess(db, home, { runId: run.runId, direction: 'b2a', checkpoint: 2, inputDir: dir });
    expect(count).toBe(3);
    expect(getBatch(db, batchId)!.classes).toEqual([{ index: 0, name: 'shapes', count: 3 }]);
    expect(getBatchTranslation(db, batchId)).toMatchObject({ direction: 'b2a', source: { kind: 'dir', path: dir } });
    await expect(translateInProcess(db, home, { runId: run.runId, direction: 'a2b', checkpoint: 7, inputDir: dir })).rejects.toThrow(/no checkpoint at step 7: it has 2/);
    const cgan = (await handlers['runs.create']({ kind: 'cgan', datasets: { train: 'shapes' }, config: { resolution: 28, steps: 2 } })) as RunSummary;
    await expect(translateInProcess(db, home, { runId: cgan.runId, direction: 'a2b', checkpoint: 'latest', inputDir: dir })).rejects.toThrow(/is a Conditional DCGAN run: translate needs a translating model such as CycleGAN/);
    await expect(translateInProcess(db, home, { runId: run.runId, direction: 'a2c', inputDir: dir })).rejects.toThrow(/--direction must be a2b or b2a, not 'a2c'/);
    await expect(translateInProcess(db, home, { runId: run.runId, direction: 'a2b' })).rejects.toThrow(/exactly one of --input-dir DIR or --input-dataset D/);
    await expect(translateInProcess(db, home, { runId: run.runId, direction: 'a2b', checkpoint: 'latest', inputDir: join(root, 'nope') })).rejects.toThrow(/is not a folder/);
    db.close();
  });

  it('the translate job: a stop keeps the chunks made so far, the resumed job continues after them, the same bytes as in one go', async () => {
    const { db, home, run } = await trained();
    const stopped = await translateInProcess(db, home, { runId: run.runId, direction: 'a2b', inputDataset: 'shapes' }, { stopAfter: 1 });
    expect(stopped).toMatchObject({ status: 'stopped', count: 8 }); // one chunk of 8
    expect(listTranslatedSamples(db, stopped.batchId)).toHaveLength(8);
    const again = fakeContext(home, stopped.batchId, { kind: 'translate' });
    again.ctx.params = getJob(db, stopped.batchId)!.params;
    expect(await runTranslate(again.ctx)).toMatchObject({ status: 'completed', step: 24, output: { batchId: stopped.batchId, count: 24 } });
    expect(again.losses.map((l) => l.step)).toEqual([16, 24]);
    const straight = await translateInProcess(db, home, { runId: run.runId, direction: 'a2b', inputDataset: 'shapes' });
    const hashes = (id: string) => listTranslatedSamples(db, id).map((o) => [o.sourceSha256, o.sha256]).sort((x, y) => x[0]!.localeCompare(y[0]!));
    expect(hashes(stopped.batchId)).toEqual(hashes(straight.batchId));
    expect(getBatch(db, stopped.batchId)!.recipe).toMatchObject({ chunk: 8, tfjs: tf.version.tfjs, backend: 'wasm' });
    db.close();
  });
});
