import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-main/shared/api/errors';
import { BACKEND_NAMES } from '../../../src-main/shared/domain/backend';
import { probeBackends, resolveBackend } from '../../../src-main/engine/compute/resolve-backend';

describe('resolveBackend', () => {
  it('picks wasm on this machine (no tfjs-node) and reports all five candidates in order', async () => {
    const { tf: tfr, report } = await resolveBackend();
    expect(report.active).toBe('wasm');
    expect(tfr.getBackend()).toBe('wasm');
    expect(report.candidates.map((c) => c.name)).toEqual([...BACKEND_NAMES]);
    for (const c of report.candidates) expect(c.reason.length).toBeGreaterThan(10);
    const byName = Object.fromEntries(report.candidates.map((c) => [c.name, c]));
    expect(byName['tfjs-node']).toMatchObject({ ok: false });
    // absent (its install script failed to download libtensorflow, so npm dropped it) or, after an install that
    // skipped scripts, present without its native addon: either way the reason names the package or the addon
    expect(byName['tfjs-node']!.reason).toMatch(/not installed.*@tensorflow\/tfjs-node|installed but failed to load: .*tfjs_binding\.node/);
    // no GPU here: Dawn finds no adapter, or (VK_ICD_FILENAMES set, as in CI) only SwiftShader, which auto refuses
    expect(byName.webgpu).toMatchObject({ ok: false, reason: expect.stringMatching(/^no WebGPU adapter|^only a software adapter was found/) });
    expect(byName.cpu!.reason).toMatch(/--backend cpu/);
    expect(report.threads).toBeGreaterThanOrEqual(1);
    expect(report.tfjsVersion).toBe(tf.version.tfjs);
    // the training kernels are in place before it returns
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeDefined();
  });

  // forcing webgpu: webgpu-no-adapter.test.ts (it fails here only without a Vulkan driver, which CI has)
  it.each(['tfjs-node', 'tfjs-node-gpu'] as const)('forcing the unavailable %s throws backend_unavailable', async (name) => {
    const err = await resolveBackend({ force: name }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('backend_unavailable');
    expect((err as ApiError).message).toContain(name);
  });

  it('uses cpu only when forced, and goes back to wasm when not', async () => {
    const forced = await resolveBackend({ force: 'cpu' });
    expect(forced.report.active).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    const auto = await resolveBackend();
    expect(auto.report.active).toBe('wasm');
  });

  it('probeBackends reports the same choice for `gan-studio info`', async () => {
    const report = await probeBackends();
    expect(report.active).toBe('wasm');
    expect(report.candidates).toHaveLength(5);
  });
});
