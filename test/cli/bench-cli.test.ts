import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gan-studio.mjs');
const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });

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

  it('train-rss: the real training loop in a child, RSS and tensors at a tenth of the steps and at the end (20 steps here)', () => {
    const r = cli(['bench', 'train-rss'], { GAN_STUDIO_BENCH_TRAIN_STEPS: '20' });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ workload: 'train-rss', backend: 'wasm', batch: 4, first_step: 2, last_step: 20, max_ratio: 1.1, tensors_flat: true });
    for (const k of ['median_ms', 'images_per_s', 'rss_mb_first', 'rss_mb_mid', 'rss_mb_last', 'rss_mb_peak', 'rss_ratio', 'num_tensors_first', 'heap_mb_last', 'ms_per_step', 'cpu_s']) {
      expect(line[k], k).toBeGreaterThan(0);
    }
    expect(line.num_tensors_last).toBe(line.num_tensors_first);
    expect(line.rss_ratio).toBeCloseTo((line.rss_mb_last as number) / (line.rss_mb_first as number), 2);
    expect(line.pass).toBe((line.rss_ratio as number) <= 1.1);
  });

  it('refuses an unknown workload with exit 2, naming the known ones, as JSON', () => {
    const r = cli(['bench', 'cgan999']);
    expect(r.status).toBe(2);
    const body = JSON.parse(r.stdout) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('bad_input');
    expect(body.error.message).toMatch(/cgan28.*import-png28/);
  });
});
