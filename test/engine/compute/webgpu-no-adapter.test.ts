import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-main/shared/api/errors';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';

describe('webgpu where Dawn finds no adapter (no Vulkan driver named, no GPU on this machine)', () => {
  it('--backend webgpu fails with backend_unavailable and what to install; auto mode says the same and uses wasm', async () => {
    delete process.env.VK_ICD_FILENAMES; // before the (per-process) adapter search: Dawn sees no driver
    delete process.env.VK_DRIVER_FILES;
    const err = await resolveBackend({ force: 'webgpu' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('backend_unavailable');
    // without libvulkan1 the loader is what is missing; with it (CI may have it), there is no driver
    expect((err as ApiError).message).toMatch(/backend 'webgpu' is unavailable: no WebGPU adapter: (the Vulkan loader libvulkan\.so\.1 is missing: install it|no GPU driver with Vulkan)/);
    const { report } = await resolveBackend();
    expect(report.active).toBe('wasm');
    expect(report.candidates.find((c) => c.name === 'webgpu')).toMatchObject({ ok: false, reason: expect.stringMatching(/^no WebGPU adapter/) });
    expect(report.adapter).toBeUndefined();
  });
});
