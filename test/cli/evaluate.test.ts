import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeShapesFolder } from '../engine/training/shapes-dataset';
import { importShapesAndTrain } from './tiny-cgan-home';
import { openDatabase } from '../../src-main/engine/db/database';

const BIN = join(__dirname, '..', '..', 'bin', 'gan-studio.mjs');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 240_000, env: { ...process.env, GAN_STUDIO_WASM_THREADS: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
}

describe('gan-studio evaluate', () => {
  let root: string, home: string, batchId: string, runId: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'gs-evaluate-'));
    home = join(root, 'home');
    // 20 per class: the default 10% split holds out 2 per class, the least an evaluation accepts
    runId = await importShapesAndTrain(cli, root, home, 20);
    const g = cli(['generate', runId, '--per-class', '4', '--seed', '1', '--home', home, '--json']);
    expect(g.code).toBe(0);
    batchId = g.json().batchId;
  }, 300_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('prints the CONTRACT JSON and stores the evaluation', () => {
    const r = cli(['evaluate', batchId, '--dataset', 'shapes', '--ratio', '1', '--ratio', '5', '--seeds', '2', '--steps', '3', '--home', home, '--json']);
    expect(r.stderr).not.toMatch(/gan-studio:/);
    expect(r.code).toBe(0);
    const out = r.json();
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['evaluationId', 'test', 'realOnly', 'realPlusSynthetic', 'syntheticOnly', 'quality', 'perClass', 'recommendedRatio']));
    expect(out.test).toMatchObject({ datasetId: expect.any(String), versionId: expect.any(String), count: 6, source: 'holdout' });
    expect(out.realOnly).toMatchObject({ accMean: expect.any(Number), accSd: expect.any(Number) });
    expect(out.realPlusSynthetic.map((m: { ratio: number }) => m.ratio)).toEqual([1, 5]);
    for (const m of out.realPlusSynthetic) {
      expect(Object.keys(m)).toEqual(expect.arrayContaining(['ratio', 'accMean', 'accSd', 'gain']));
      expect(m.accMean).toBeGreaterThanOrEqual(0);
      expect(m.accMean).toBeLessThanOrEqual(1);
    }
    expect(Object.keys(out.quality)).toEqual(expect.arrayContaining(['featureSpace', 'fd', 'kid', 'precision', 'recall', 'diversityRatio', 'memorization']));
    expect(out.perClass[0]).toMatchObject({ name: expect.any(String), realOnly: expect.any(Number), syntheticOnly: expect.any(Number) });
    expect(out.recommendedRatio === null || [1, 5].includes(out.recommendedRatio)).toBe(true);
    // the reference arm, on by default: real + as many shifted and mirrored copies of the real images
    expect(out.baseline).toMatchObject({ kind: 'shift-flip', ratio: 5, accMean: expect.any(Number), gain: expect.any(Number) });
    expect(out.baseline.actualRatio).toBeCloseTo(out.realPlusSynthetic[1].actualRatio, 12);
    // with 6 test images the uncertainty is stated
    expect(out.notes.join(' ')).toMatch(/only 6 images/);
    const db = openDatabase(join(home, 'studio.db'));
    try {
      expect(db.prepare('SELECT batch_id FROM evaluation_batches WHERE evaluation_id = ?').all(out.evaluationId)).toEqual([{ batch_id: batchId }]);
    } finally {
      db.close();
    }
  }, 300_000);

  it('prints a table and a plain sentence for people', () => {
    const r = cli(['evaluate', batchId, '--dataset', 'shapes', '--seeds', '1', '--steps', '2', '--home', home]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/real only/);
    expect(r.stdout).toMatch(/real \+ synthetic ×5/);
    expect(r.stdout).toMatch(/synthetic only \(CAS\)/);
    expect(r.stdout).toMatch(/augmented copies ×5 .*\n.*shifted ≤ 2 px and mirrored/);
    expect(r.stdout).toMatch(/(helps|does not help|no clear effect)/);
    expect(r.stdout).toMatch(/Recommended ratio: /);
    expect(r.stdout).toMatch(/real \+ synthetic ×5 .* p [=<] \d\.\d+\n/);
    expect(r.stdout).toMatch(/paired test at ×\d+ against real only, seeds pooled: better on \d+ test images, worse on \d+ \(p [=<] \d\.\d+\)/);
  }, 300_000);

  it('export says what the newest evaluation of its batches found, or how to run one', () => {
    const evaluated = cli(['export', batchId, '--out', join(root, 'judged'), '--home', home]);
    expect(evaluated.code).toBe(0);
    const newest = cli(['evaluate', batchId, '--dataset', 'shapes', '--seeds', '1', '--steps', '2', '--home', home, '--json']).json();
    const again = cli(['export', batchId, '--out', join(root, 'judged'), '--overwrite', '--home', home]);
    expect(again.stdout).toContain(`evaluation ${newest.evaluationId}: ${newest.summary}`);
    expect(readFileSync(join(root, 'judged', 'README.md'), 'utf8')).toContain(`Evaluation ${newest.evaluationId}`);
    const other = cli(['generate', runId, '--per-class', '2', '--seed', '9', '--home', home, '--json']).json().batchId as string;
    const fresh = cli(['export', other, '--out', join(root, 'fresh'), '--home', home]);
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toContain(`not evaluated: does it help? run gan-studio evaluate ${other} --dataset shapes@1`);
    // the JSON keeps its CONTRACT fields
    const json = cli(['export', other, '--out', join(root, 'fresh2'), '--home', home, '--json']).json();
    expect(json).toMatchObject({ out: join(root, 'fresh2'), files: 6, synthetic: 6, real: 0 });
  }, 300_000);

  it('evaluations lists them newest first with the numbers that compare them; evaluation shows one as evaluate printed it', () => {
    const list = cli(['evaluations', '--home', home, '--json']);
    expect(list.code).toBe(0);
    const rows = list.json() as { evaluationId: string; status: string; createdAt: string; batches: { batchId: string }[]; realOnly: number;
      bestGain: { ratio: number; gain: number }; syntheticOnly: number; diversityRatio: number; baselineGain: { ratio: number } | null; summary: string }[];
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.map((r) => r.createdAt)).toEqual([...rows.map((r) => r.createdAt)].sort().reverse());
    for (const r of rows.filter((x) => x.batches.some((b) => b.batchId === batchId))) {
      expect(r).toMatchObject({ status: 'completed', realOnly: expect.any(Number), syntheticOnly: expect.any(Number), diversityRatio: expect.any(Number),
        bestGain: { ratio: expect.any(Number), gain: expect.any(Number) }, summary: expect.stringMatching(/helps|does not help|no clear effect/) });
      expect(r.baselineGain).toMatchObject({ ratio: 5 });
    }
    const text = cli(['evaluations', batchId, '--home', home]);
    expect(text.code).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines).toHaveLength(rows.filter((x) => x.batches.some((b) => b.batchId === batchId)).length);
    for (const l of lines) expect(l).toMatch(new RegExp(`^\\w+  completed  real \\d+\\.\\d%  best [+−]\\d+\\.\\d at ×\\d+  CAS \\d+\\.\\d%  diversity \\d\\.\\d\\d×  copies [+−]\\d+\\.\\d at ×5  ${batchId} \\(`));
    expect(cli(['evaluations', 'nobatch', '--home', home]).stdout).toContain('No evaluation judged batch nobatch: gan-studio evaluate nobatch --dataset D');

    const one = cli(['evaluation', rows[0]!.evaluationId, '--home', home, '--json']);
    expect(one.code).toBe(0);
    expect(one.json()).toMatchObject({ evaluationId: rows[0]!.evaluationId, summary: rows[0]!.summary, realOnly: { accMean: rows[0]!.realOnly } });
    expect(cli(['evaluation', rows[0]!.evaluationId, '--home', home]).stdout).toMatch(/real only .*\n[\s\S]*Recommended ratio: /);
    const missing = cli(['evaluation', 'nope', '--home', home, '--json']);
    expect(missing.code).toBe(2);
    expect(missing.json().error).toMatchObject({ code: 'not_found', message: expect.stringContaining('gan-studio evaluations') });
  }, 120_000);

  it('bad input exits 2 with the error code and a message to act on', async () => {
    await writeShapesFolder(join(root, 'other'), 20, 2);
    expect(cli(['import', join(root, 'other'), '--kind', 'labeled', '--name', 'other', '--home', home, '--json']).code).toBe(0);
    const r = cli(['evaluate', batchId, '--dataset', 'other', '--home', home, '--json']);
    expect(r.code).toBe(2);
    expect(r.json().error.code).toBe('bad_input');
    expect(r.stderr).toMatch(/trained on dataset 'shapes', not on 'other'/);
    const m = cli(['evaluate', batchId, '--home', home, '--json']);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/needs --dataset/);
    const b = cli(['evaluate', batchId, '--dataset', 'shapes', '--baseline', 'rotate', '--home', home, '--json']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--baseline is one of shift-flip, shift, none, not 'rotate'/);
    const n = cli(['evaluate', 'nope', '--dataset', 'shapes', '--home', home, '--json']);
    expect(n.code).toBe(2);
    expect(n.json().error.code).toBe('not_found');
  }, 300_000);
});
