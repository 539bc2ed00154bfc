import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importShapesAndTrain } from './tiny-cgan-home';
import { useTempDirs } from '../helpers/temp-dir';
import { METADATA_COLUMNS } from '../../src-main/shared/domain/export';
import { openDatabase } from '../../src-main/engine/db/database';

const BIN = join(__dirname, '..', '..', 'bin', 'gan-studio.mjs');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
}

/** Reads an export the way torchvision's ImageFolder does: sorted class folders → indices; every image decodes. */
async function loadAsImageFolder(out: string) {
  const folders = readdirSync(out, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const samples: { path: string; target: number }[] = [];
  for (const [target, folder] of folders.entries()) {
    for (const f of readdirSync(join(out, folder)).sort()) {
      if (!/\.(png|jpg)$/.test(f)) continue;
      const meta = await sharp(readFileSync(join(out, folder, f))).metadata();
      expect(meta.width).toBeGreaterThan(0);
      samples.push({ path: `${folder}/${f}`, target });
    }
  }
  return { folders, samples };
}

describe('gan-studio generate / export / lineage', () => {
  const tempDir = useTempDirs();
  let root: string;
  let home: string;
  let runId: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'gs-genexp-'));
    home = join(root, 'home');
    runId = await importShapesAndTrain(cli, root, home, 6);
  }, 240_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('generates reproducibly, exports an ImageFolder with metadata rows == files, and traces a file back', async () => {
    const g = cli(['generate', runId, '--per-class', '5', '--seed', '7', '--truncation', '0.8', '--no-filter', '--home', home, '--json']);
    expect(g.stderr).not.toMatch(/gan-studio:/);
    expect(g.code).toBe(0);
    const batch = g.json();
    expect(batch).toMatchObject({ batchId: expect.any(String), count: 15 });
    expect(Object.values(batch.perClass)).toEqual([5, 5, 5]);
    // Same run, checkpoint, weights, seed: the same bytes (a second batch with a different N and class subset).
    const g2 = cli(['generate', runId, '--per-class', '3', '--class', Object.keys(batch.perClass)[1]!, '--seed', '7', '--truncation', '0.8', '--no-filter', '--home', home, '--json']);
    expect(g2.code).toBe(0);
    expect(g2.json().count).toBe(3);

    const out = join(tempDir(), 'export');
    const e = cli(['export', batch.batchId, '--out', out, '--with-real', 'shapes', '--home', home, '--json']);
    expect(e.stderr).not.toMatch(/gan-studio:/);
    expect(e.code).toBe(0);
    const res = e.json();
    expect(res).toMatchObject({ out, synthetic: 15, real: 15 });
    expect(res.files).toBe(res.synthetic + res.real);
    const loaded = await loadAsImageFolder(out);
    expect(loaded.samples).toHaveLength(res.files);
    const classes = JSON.parse(readFileSync(join(out, 'classes.json'), 'utf8')) as Record<string, { folder: string; index: number }>;
    for (const c of Object.values(classes)) expect(loaded.folders[c.index]).toBe(c.folder);
    const rows = readFileSync(join(out, 'metadata.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => r.file_name).sort()).toEqual(loaded.samples.map((s) => s.path).sort());
    for (const r of rows) {
      expect(Object.keys(r)).toEqual([...METADATA_COLUMNS]);
      expect(createHash('sha256').update(readFileSync(join(out, r.file_name as string))).digest('hex')).toBe(r.sha256);
    }
    const csv = readFileSync(join(out, 'provenance.csv'), 'utf8').trim().split('\r\n');
    expect(csv).toHaveLength(rows.length + 1);
    expect(readdirSync(out).filter((f) => f.startsWith('metadata.'))).toEqual(['metadata.jsonl']);

    const syn = rows.find((r) => r.synthetic === true && r.sample_index === 1)!;
    const l = cli(['lineage', join(out, syn.file_name as string), '--home', home, '--json']);
    expect(l.code).toBe(0);
    expect(l.json()).toMatchObject({ sha256: syn.sha256, synthetic: true, runId, checkpointStep: 2, batchId: batch.batchId, seed: 7, sampleIndex: 1 });
    expect(l.json().sources).toHaveLength(res.real);
    const real = rows.find((r) => r.synthetic === false)!;
    const lr = cli(['lineage', real.sha256 as string, '--home', home, '--json']).json();
    expect(lr).toMatchObject({ synthetic: false, sourceSha256: real.source_sha256, runId: null });

    // The second batch's samples of that class are byte-identical to the first's (same sample indices).
    const db = openDatabase(join(home, 'studio.db'));
    const shas = (b: string) => (db.prepare('SELECT sha256 FROM samples WHERE batch_id = ? AND class_index = 1 ORDER BY sample_index').all(b) as { sha256: string }[]).map((x) => x.sha256);
    expect(shas(g2.json().batchId)).toEqual(shas(batch.batchId).slice(0, 3));
    expect(new Set(shas(batch.batchId)).size).toBe(5);
    expect((db.prepare('SELECT COUNT(*) AS n FROM export_files').get() as { n: number }).n).toBe(res.files);
    db.close();

    // A non-empty target is refused without --overwrite; with it, replaced.
    expect(cli(['export', batch.batchId, '--out', out, '--home', home, '--json']).json().error.code).toBe('conflict');
    const again = cli(['export', batch.batchId, '--out', out, '--format', 'jpg', '--resolution', '16', '--overwrite', '--home', home, '--json']);
    expect(again.code).toBe(0);
    expect(again.json()).toMatchObject({ files: 15, real: 0 });
    expect(readdirSync(join(out, again.json().classes[0].folder))[0]).toMatch(/\.jpg$/);
  }, 240_000);

  it('bad input: N ≤ 0, N above 100,000, unknown class, deleted checkpoint, target in the home or a dataset folder', async () => {
    const bad = (args: string[], code: string) => {
      const r = cli([...args, '--home', home, '--json']);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.json().error.code).toBe(code);
    };
    bad(['generate', runId, '--per-class', '0'], 'bad_input');
    bad(['generate', runId, '--per-class', '100001'], 'bad_input');
    bad(['generate', runId, '--per-class', '2', '--class', 'nope'], 'bad_input');
    bad(['generate', runId, '--per-class', '2', '--checkpoint', '1'], 'not_found');
    bad(['generate', 'nope', '--per-class', '2'], 'not_found');
    const g = cli(['generate', runId, '--per-class', '1', '--home', home, '--json']).json();
    bad(['export', g.batchId, '--out', join(home, 'x')], 'bad_input');
    bad(['export', g.batchId, '--out', join(root, 'shapes', 'x')], 'bad_input');
    bad(['export', 'nope', '--out', join(tempDir(), 'x')], 'not_found');
    bad(['export', g.batchId, '--out', join(tempDir(), 'x'), '--ratio', '2'], 'bad_input');
    const full = tempDir();
    mkdirSync(join(full, 'x'));
    writeFileSync(join(full, 'x', 'keep.txt'), 'mine');
    bad(['export', g.batchId, '--out', join(full, 'x')], 'conflict');
    expect(readFileSync(join(full, 'x', 'keep.txt'), 'utf8')).toBe('mine');
  }, 240_000);

  it('generates N per class through the filter; generate and batches --json report kept and rejected per reason', () => {
    const g = cli(['generate', runId, '--per-class', '3', '--seed', '2', '--filter', '--min-confidence', '0.5', '--home', home, '--json']);
    expect(g.stderr).not.toMatch(/gan-studio:/);
    expect(g.code).toBe(0);
    const out = g.json();
    expect(out).toMatchObject({ count: 9, perClass: { bar: 3, circle: 3, square: 3 }, status: 'completed' });
    expect(out.filter).toMatchObject({ minConfidence: 0.5, kept: 9, rejected: { lowConfidence: expect.any(Number), nearDuplicate: expect.any(Number) } });
    expect(out.filter.drawn).toBe(9 + out.filter.rejected.lowConfidence + out.filter.rejected.nearDuplicate);
    const plain = cli(['generate', runId, '--per-class', '2', '--no-filter', '--home', home, '--json']).json();
    expect(plain.filter).toBeNull();
    // without either flag the filter is on, at its default bar
    expect(cli(['generate', runId, '--per-class', '2', '--home', home, '--json']).json().filter).toMatchObject({ minConfidence: 0.8, kept: 6 });
    const listed = cli(['batches', '--home', home, '--json']).json() as { batchId: string; filter: unknown }[];
    expect(listed.find((b) => b.batchId === out.batchId)!.filter).toEqual({
      minConfidence: 0.5, drawn: out.filter.drawn, kept: 9, rejected: out.filter.rejected, filled: out.filter.filled, warnings: out.filter.warnings,
    });
    expect(listed.find((b) => b.batchId === plain.batchId)!.filter).toBeNull();
    const human = cli(['batches', '--home', home]);
    expect(human.stdout).toMatch(new RegExp(`${out.batchId}.*filtered: ${out.filter.drawn - 9} rejected`));
  }, 240_000);

  it('bad input: a bar outside (0, 1), a bar without --filter, --filter with --no-filter, a bar that is not a number, a sampling setting the model lacks', () => {
    const bad = (args: string[], message: RegExp) => {
      const r = cli(['generate', runId, '--per-class', '2', ...args, '--home', home, '--json']);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.json().error).toMatchObject({ code: 'bad_input', message: expect.stringMatching(message) });
    };
    bad(['--filter', '--min-confidence', '1.5'], /--min-confidence must be above 0 and below 1/);
    bad(['--filter', '--min-confidence', '0'], /--min-confidence must be above 0 and below 1/);
    bad(['--no-filter', '--min-confidence', '0.9'], /add --filter/);
    bad(['--filter', '--no-filter'], /contradict/);
    bad(['--filter', '--min-confidence', 'high'], /--min-confidence must be a decimal number/);
    // a diffusion run's sampling settings: a cGAN has none, and a value is checked before anything runs
    bad(['--guidance', '1'], /'guidance' is not a sampling setting of .* runs: it has no sampling settings/);
    bad(['--sample-steps', 'many'], /--sample-steps must be a whole number/);
  }, 120_000);
});
