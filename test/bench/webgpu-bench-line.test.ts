import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { runBench } from '../../src-main/bench/run-bench';
import { WORKLOADS } from '../../src-main/bench/workloads';
import type { BenchLine } from '../../src-main/bench/bench-types';
import { useSoftwareAdapter } from '../engine/compute/software-adapter';

/** A stand-in for torch_reference.py (a real script run by /usr/bin/python3) that echoes the device it was given. */
function fakeReference(): string {
  const script = join(mkdtempSync(join(tmpdir(), 'torch-ref-')), 'ref.py');
  writeFileSync(script, 'import json, sys\na = sys.argv\nprint(json.dumps({"median_ms": 7.0 if a[a.index("--device") + 1] == "cuda" else 9.0}))\n');
  return script;
}

afterAll(() => {
  delete WORKLOADS['test-webgpu'];
});

describe('bench lines on webgpu', () => {
  it('carry the adapter, and with --vs-torch the device the reference ran on (cuda when asked)', async () => {
    useSoftwareAdapter();
    process.env.GAN_STUDIO_TORCH_REFERENCE = fakeReference();
    process.env.GAN_STUDIO_TORCH_DEVICE = 'cuda';
    // a tiny step: the real workloads run on webgpu too (README), but a batch-64 step takes minutes on a software adapter
    WORKLOADS['test-webgpu'] = {
      description: 'matMul on the active backend', imagesPerStep: 1, steps: 1, warmup: 0, torchName: 'cgan28',
      setup: () => ({
        async step() {
          const y = tf.tidy(() => tf.sum(tf.matMul(tf.ones([8, 8]), tf.ones([8, 8]))));
          await y.data();
          y.dispose();
        },
        dispose() {},
      }),
    };
    const lines: BenchLine[] = [];
    for await (const l of runBench(['test-webgpu'], { vsTorch: true, backend: 'webgpu', steps: 1, warmup: 0 })) lines.push(l);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      workload: 'test-webgpu', backend: 'webgpu', torch_device: 'cuda', torch_median_ms: 7,
      adapter: { vendor: 'google', architecture: 'swiftshader', description: expect.stringMatching(/SwiftShader/), fallback: true },
    });
    expect(Object.keys(lines[0]!.adapter!).sort()).toEqual(['architecture', 'description', 'fallback', 'vendor']);
    expect(lines[0]!.median_ms).toBeGreaterThan(0);
  });
});
