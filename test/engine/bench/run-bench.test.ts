import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-main/shared/api/errors';
import { runBench } from '../../../src-main/engine/bench/run-bench';
import { WORKLOADS } from '../../../src-main/engine/bench/workloads';
import type { BenchLine } from '../../../src-main/engine/bench/bench-types';

async function collect(gen: AsyncGenerator<BenchLine>): Promise<BenchLine[]> {
  const out: BenchLine[] = [];
  for await (const l of gen) out.push(l);
  return out;
}

afterEach(() => {
  delete process.env.GAN_STUDIO_TORCH_REFERENCE;
});

describe('runBench', () => {
  it('registers the three training workloads', () => {
    expect(Object.keys(WORKLOADS)).toEqual(expect.arrayContaining(['cgan28', 'cgan64', 'cyclegan64']));
  });

  it('rejects an unknown workload with bad_input listing the known ones', async () => {
    const err = await collect(runBench(['cgan28', 'nope'], { vsTorch: false })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('bad_input');
    expect((err as ApiError).message).toMatch(/'nope'.*cgan28, cgan64, cyclegan64/);
  });

  it('prints a CONTRACT line for cgan28 (1 step), with a null torch ratio and a reason when the script is missing', async () => {
    process.env.GAN_STUDIO_TORCH_REFERENCE = '/nonexistent/torch_reference.py';
    const [line, ...rest] = await collect(runBench(['cgan28'], { vsTorch: true, steps: 1, warmup: 0 }));
    expect(rest).toHaveLength(0);
    expect(line).toMatchObject({ workload: 'cgan28', backend: 'wasm', torch_median_ms: null, ratio_vs_torch: null });
    expect(line!.reason).toMatch(/not found/);
    expect(line!.threads).toBeGreaterThanOrEqual(1);
    for (const k of ['median_ms', 'min_ms', 'max_ms', 'images_per_s', 'gflops_per_s'] as const) {
      expect(line![k]).toBeGreaterThan(0);
    }
    expect(line!.min_ms).toBeLessThanOrEqual(line!.median_ms);
  });
});
