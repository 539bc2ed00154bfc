import { describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { activeWebgpuDevice } from '../../../src-main/engine/compute/webgpu-device';
import { useSoftwareAdapter } from './software-adapter';

describe('auto mode with a software adapter let through (GAN_STUDIO_WEBGPU_ALLOW_SOFTWARE=1)', () => {
  it('brings the device up, runs the trial step against wasm, and keeps wasm because webgpu lost, saying so', async () => {
    useSoftwareAdapter();
    process.env.GAN_STUDIO_WEBGPU_ALLOW_SOFTWARE = '1';
    const { report } = await resolveBackend();
    expect(activeWebgpuDevice()).not.toBeNull(); // the trial really ran on a device
    expect(report.active).toBe('wasm');
    const webgpu = report.candidates.find((c) => c.name === 'webgpu')!;
    expect(webgpu.ok).toBe(false);
    expect(webgpu.reason).toMatch(/software adapter SwiftShader.*but a trial step was slower than wasm \([\d.]+ ms vs [\d.]+ ms\), so wasm is used \(--backend webgpu forces it\)/);
    expect(report.warning).toBeUndefined();
  });
});
