import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gan-studio.mjs');
const cli = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });

describe('gan-studio bench', () => {
  it('prints one CONTRACT line per workload', () => {
    const r = cli(['bench', 'cgan28', '--steps', '1', '--warmup', '0']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ workload: 'cgan28', backend: 'wasm', threads: expect.any(Number) });
    for (const k of ['median_ms', 'min_ms', 'max_ms', 'images_per_s', 'gflops_per_s']) expect(line[k]).toBeGreaterThan(0);
    expect(line).not.toHaveProperty('ratio_vs_torch');
  });

  it('refuses an unknown workload with exit 2, naming the known ones, as JSON', () => {
    const r = cli(['bench', 'cgan999']);
    expect(r.status).toBe(2);
    const body = JSON.parse(r.stdout) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('bad_input');
    expect(body.error.message).toMatch(/cgan28.*import-png28/);
  });
});
