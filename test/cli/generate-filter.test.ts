import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeShapesFolder } from '../engine/training/shapes-dataset';

const BIN = join(__dirname, '..', '..', 'bin', 'gan-studio.mjs');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
}

describe('gan-studio generate --filter / --min-confidence', () => {
  let root: string;
  let home: string;
  let runId: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'gs-filter-'));
    home = join(root, 'home');
    await writeShapesFolder(join(root, 'shapes'), 6, 3);
    expect(cli(['import', join(root, 'shapes'), '--kind', 'labeled', '--name', 'shapes', '--home', home, '--json']).code).toBe(0);
    const t = cli(['train', 'cgan', '--dataset', 'shapes', '--steps', '2', '--resolution', '28', '--batch', '4', '--width', '8',
      '--checkpoint-every', '2', '--sample-every', '2', '--home', home, '--json']);
    expect(t.code).toBe(0);
    runId = t.json().runId;
  }, 240_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('generates N per class through the filter; generate and batches --json report kept and rejected per reason', () => {
    const g = cli(['generate', runId, '--per-class', '3', '--seed', '2', '--filter', '--min-confidence', '0.5', '--home', home, '--json']);
    expect(g.stderr).not.toMatch(/gan-studio:/);
    expect(g.code).toBe(0);
    const out = g.json();
    expect(out).toMatchObject({ count: 9, perClass: { bar: 3, circle: 3, square: 3 }, status: 'completed' });
    expect(out.filter).toMatchObject({ minConfidence: 0.5, kept: 9, rejected: { lowConfidence: expect.any(Number), nearDuplicate: expect.any(Number) } });
    expect(out.filter.drawn).toBe(9 + out.filter.rejected.lowConfidence + out.filter.rejected.nearDuplicate);
    const plain = cli(['generate', runId, '--per-class', '2', '--home', home, '--json']).json();
    expect(plain.filter).toBeNull();
    const listed = cli(['batches', '--home', home, '--json']).json() as { batchId: string; filter: unknown }[];
    expect(listed.find((b) => b.batchId === out.batchId)!.filter).toEqual({
      minConfidence: 0.5, drawn: out.filter.drawn, kept: 9, rejected: out.filter.rejected, filled: out.filter.filled, warnings: out.filter.warnings,
    });
    expect(listed.find((b) => b.batchId === plain.batchId)!.filter).toBeNull();
    const human = cli(['batches', '--home', home]);
    expect(human.stdout).toMatch(new RegExp(`${out.batchId}.*filtered: ${out.filter.drawn - 9} rejected`));
  }, 240_000);

  it('bad input: a bar outside (0, 1), a bar without --filter, --filter with --no-filter, a bar that is not a number', () => {
    const bad = (args: string[], message: RegExp) => {
      const r = cli(['generate', runId, '--per-class', '2', ...args, '--home', home, '--json']);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.json().error).toMatchObject({ code: 'bad_input', message: expect.stringMatching(message) });
    };
    bad(['--filter', '--min-confidence', '1.5'], /--min-confidence must be above 0 and below 1/);
    bad(['--filter', '--min-confidence', '0'], /--min-confidence must be above 0 and below 1/);
    bad(['--min-confidence', '0.9'], /add --filter/);
    bad(['--filter', '--no-filter'], /contradict/);
    bad(['--filter', '--min-confidence', 'high'], /--min-confidence must be a decimal number/);
  }, 120_000);
});
