import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src-main/shared/api/errors';
import { runBench } from '../../src-main/bench/run-bench';
import { WORKLOADS } from '../../src-main/bench/workloads';
import type { BenchLine, WorkloadDef } from '../../src-main/bench/bench-types';

async function collect(gen: AsyncGenerator<BenchLine>): Promise<BenchLine[]> {
  const out: BenchLine[] = [];
  for await (const l of gen) out.push(l);
  return out;
}

afterEach(() => {
  delete process.env.GAN_STUDIO_TORCH_REFERENCE;
  delete WORKLOADS['test-skip'];
  delete WORKLOADS['test-unbuilt'];
});

/** A workload that only counts how often it was set up. */
function fakeWorkload(extra: Partial<WorkloadDef>, setups: string[], name: string): WorkloadDef {
  return {
    description: name, imagesPerStep: 1, steps: 1, warmup: 0,
    setup: () => {
      setups.push(name);
      return { step() {}, dispose() {} };
    },
    ...extra,
  };
}

describe('runBench', () => {
  it('registers the three training workloads, and the memory and gallery ones', () => {
    expect(Object.keys(WORKLOADS)).toEqual(expect.arrayContaining(['cgan28', 'cgan64', 'cyclegan64', 'train-rss', 'gallery100k']));
    expect(WORKLOADS['gallery100k']!.precheck).toBeTypeOf('function');
  });

  it('a workload that cannot run here gets a skip line with null times and the reason; the others still run (a training one in its own process)', async () => {
    const setups: string[] = [];
    WORKLOADS['test-skip'] = fakeWorkload({ precheck: () => 'Chromium not found' }, setups, 'test-skip');
    const lines = await collect(runBench(['test-skip', 'cgan28'], { vsTorch: false, steps: 1, warmup: 0 }));
    expect(lines.map((l) => l.workload)).toEqual(['test-skip', 'cgan28']);
    expect(lines[0]).toMatchObject({ median_ms: null, min_ms: null, max_ms: null, images_per_s: null, skipped: true, reason: 'Chromium not found' });
    expect(JSON.parse(JSON.stringify(lines[0]))).toHaveProperty('median_ms', null); // the CONTRACT fields stay on the line
    expect(setups).toEqual([]);
    expect(lines[1]!.median_ms).toBeGreaterThan(0);
    expect(lines[1]).toMatchObject({ workload: 'cgan28', backend: 'wasm', own_process: true });
    expect(lines[1]!.gflops_per_s).toBeGreaterThan(0);
  });

  it('a failing precheck stops the bench before any workload starts', async () => {
    const setups: string[] = [];
    WORKLOADS['test-skip'] = fakeWorkload({}, setups, 'test-skip');
    WORKLOADS['test-unbuilt'] = fakeWorkload({ precheck: () => { throw new ApiError('not_found', 'run `npm run build` first'); } }, setups, 'test-unbuilt');
    await expect(collect(runBench(['test-skip', 'test-unbuilt'], { vsTorch: false }))).rejects.toThrow(/npm run build/);
    expect(setups).toEqual([]);
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
    expect(line!.min_ms).toBeLessThanOrEqual(line!.median_ms!);
    expect(line!.own_process).toBeUndefined(); // alone: measured in this process
  });
});
