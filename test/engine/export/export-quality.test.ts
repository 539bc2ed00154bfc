import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { importDataset } from '../../../src-main/engine/datasets';
import { createEvaluationsHandlers } from '../../../src-main/engine/evaluation/evaluations-service';
import { runEvaluate } from '../../../src-main/engine/evaluation/run-evaluate';
import { listRejects } from '../../../src-main/engine/generation/filter/filter-repo';
import { getJob, insertJob, setStatus } from '../../../src-main/engine/jobs/jobs-repo';
import { setupGenerationHome } from '../generation/generation-fixture';
import { fakeContext } from '../training/run-fixture';
import { writeShapesFolder } from '../training/shapes-dataset';
import { useTempDirs } from '../../helpers/temp-dir';

beforeAll(async () => {
  await resolveBackend({ force: 'wasm' });
});

describe('an export says what was filtered and how its batches were evaluated', () => {
  const tempDir = useTempDirs();
  /** metadata.jsonl's rows. */
  const rowsOf = (out: string): Record<string, unknown>[] => readFileSync(join(out, 'metadata.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

  it('never exports a reject; README and quality.json give the filter counts, then the newest evaluation of the batch', async () => {
    const root = tempDir();
    const h = await setupGenerationHome(root);
    const batch = await h.generate({ perClass: 4, seed: 3, filter: true, minConfidence: 0.5 });
    const rejects = listRejects(h.db, batch.batchId).filter((r) => !r.keptToFill);
    expect(rejects.length).toBeGreaterThan(0);
    const out = join(root, 'out1');
    await h.exports['exports.create']({ batchIds: [batch.batchId], out, format: 'png', overwrite: false });
    const rows = rowsOf(out);
    expect(rows).toHaveLength(12);
    const classOf = new Map(batch.classes.map((c) => [c.name, c.index]));
    for (const r of rows) {
      expect(rejects.some((x) => x.classIndex === classOf.get(r.label as string) && x.sampleIndex === r.sample_index)).toBe(false);
    }
    const readme = readFileSync(join(out, 'README.md'), 'utf8');
    const f = batch.filter!;
    expect(readme).toContain('## Filtering');
    expect(readme).toContain(`gave its class at least 0.5`);
    expect(readme).toContain(`Drew ${f.drawn}, kept 12, rejected ${f.rejected.lowConfidence} for low confidence and ${f.rejected.nearDuplicate} as near-duplicates`);
    expect(readme).toContain('not measured (the dataset version has no held-out images)');
    for (const c of f.perClass) expect(readme).toContain(`| ${c.name} | ${c.drawn} | ${c.kept} | ${c.rejected.lowConfidence} | ${c.rejected.nearDuplicate} | ${c.filled} |`);
    expect(readme).toContain(`No evaluation was run on these batches. Run one with \`gan-studio evaluate ${batch.batchId} --dataset shapes@1\``);
    const q1 = JSON.parse(readFileSync(join(out, 'quality.json'), 'utf8')) as { filtering: { batchId: string; kept: number }[]; evaluation: unknown };
    expect(q1.filtering).toEqual([expect.objectContaining({ batchId: batch.batchId, kept: 12, drawn: f.drawn, minConfidence: 0.5 })]);
    expect(q1.evaluation).toBeNull();

    // Evaluate the batch (a tiny evaluation), then export again: the README carries it.
    await importDataset(h.db, h.home, { folder: await writeShapesFolder(join(root, 'shapes-test'), 4, 3), kind: 'labeled', name: 'shapes-test', holdoutFraction: 0 });
    const ev = createEvaluationsHandlers({
      db: h.db, enqueue: (kind, params, totalSteps) => insertJob(h.db, { jobId: randomUUID().slice(0, 8), kind, params, totalSteps }),
      control: (jobId) => getJob(h.db, jobId)!,
    });
    const queued = await ev['evaluations.create']({ batchIds: [batch.batchId], dataset: 'shapes', test: 'shapes-test', ratios: [1], seeds: 1, steps: 4 });
    const c = fakeContext(h.home, queued.evaluationId);
    c.ctx.params = getJob(h.db, queued.evaluationId)!.params;
    setStatus(h.db, queued.evaluationId, (await runEvaluate(c.ctx)).status);
    const out2 = join(root, 'out2');
    await h.exports['exports.create']({ batchIds: [batch.batchId], out: out2, format: 'png', overwrite: false });
    const readme2 = readFileSync(join(out2, 'README.md'), 'utf8');
    expect(readme2).toContain(`Evaluation ${queued.evaluationId}`);
    // the datasets as the user named them, not version ids
    expect(readme2).toMatch(/steps on shapes@1, tested on \d+ images of shapes-test@1 /);
    expect(readme2).toMatch(/\| real only \| \d+\.\d% ± \d+\.\d \| \|/);
    expect(readme2).toMatch(/\| real \+ synthetic, ratio 1 \| \d+\.\d% ± \d+\.\d \| [+−]\d+\.\d ± \d+\.\d \|/);
    expect(readme2).toContain('| synthetic only (CAS) |');
    expect(readme2).toMatch(/\| real \+ augmented copies of the real images instead \(shifts, mirror\), ratio 1 \| \d+\.\d% ± \d+\.\d \| [+−]\d+\.\d ± \d+\.\d \|/);
    expect(readme2).toMatch(/Recommended ratio: /);
    expect(readme2).toMatch(/Fréchet distance .*precision .*recall .*within-class diversity/);
    expect(readme2).not.toContain('No evaluation was run');
    const q2 = JSON.parse(readFileSync(join(out2, 'quality.json'), 'utf8')) as { evaluation: { evaluationId: string; coversAllBatches: boolean; result: { realOnly: { accMean: number } } } };
    expect(q2.evaluation).toMatchObject({ evaluationId: queued.evaluationId, coversAllBatches: true, result: { realOnly: { accMean: expect.any(Number) } } });
  }, 180_000);

  it('an unfiltered batch: the README says so', async () => {
    const root = tempDir();
    const h = await setupGenerationHome(root);
    const batch = await h.generate({ perClass: 2, seed: 1, filter: false });
    const out = join(root, 'out');
    await h.exports['exports.create']({ batchIds: [batch.batchId], out, format: 'png', overwrite: false });
    const readme = readFileSync(join(out, 'README.md'), 'utf8');
    expect(readme).toContain('No batch of this export was filtered by a classifier');
    expect(readme).toContain('No evaluation was run on these batches');
    expect(rowsOf(out).map((r) => r.sample_index)).toEqual([0, 1, 0, 1, 0, 1]);
  }, 60_000);
});
