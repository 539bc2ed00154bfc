import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-main/shared/api/errors';
import { BackendReportSchema } from '../../../src-main/shared/domain/backend';
import { probeBackends, resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { activeWebgpuDevice, deviceLostError, onWebgpuDeviceLost, webgpuDeviceLost } from '../../../src-main/engine/compute/webgpu-device';
import { trialAgainstWasm } from '../../../src-main/engine/compute/webgpu-trial';
import { useSoftwareAdapter } from './software-adapter';

// One process, in order: auto mode (no device yet), then forced, then the device is lost. The adapter search and the
// device are per process, as in the training process.
beforeAll(() => {
  useSoftwareAdapter();
});

describe('webgpu on a software adapter (SwiftShader from VK_ICD_FILENAMES alone)', () => {
  it('auto mode refuses the software adapter, says why, reports it, and picks wasm', async () => {
    const { report } = await resolveBackend();
    expect(report.active).toBe('wasm');
    const webgpu = report.candidates.find((c) => c.name === 'webgpu')!;
    expect(webgpu.ok).toBe(false);
    expect(webgpu.reason).toMatch(/only a software adapter was found, SwiftShader.*auto mode refuses it \(--backend webgpu forces it\)/);
    expect(report.adapter).toMatchObject({ vendor: 'google', architecture: 'swiftshader', fallback: true, software: true, api: 'vulkan' });
    expect(report.adapter!.description).toMatch(/SwiftShader/);
    expect(report.adapter!.limits.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(128 * 1024 * 1024);
    expect(report.warning).toBeUndefined();
    expect(BackendReportSchema.parse(report)).toEqual(report); // travels to the UI unchanged
    expect(activeWebgpuDevice()).toBeNull(); // refused before any device was made
    expect(webgpuDeviceLost()).toBeNull();
  });

  it('probeBackends (gan-studio info, the System page) carries the adapter', async () => {
    const report = await probeBackends();
    expect(report.active).toBe('wasm');
    expect(report.adapter?.architecture).toBe('swiftshader');
  });

  it('--backend webgpu forces the software adapter with a warning, and computes there', async () => {
    const { report } = await resolveBackend({ force: 'webgpu' });
    expect(report.active).toBe('webgpu');
    expect(tf.getBackend()).toBe('webgpu');
    expect(report.warning).toMatch(/software adapter SwiftShader.*slower than wasm/);
    const device = activeWebgpuDevice()!;
    // the device got the adapter's own limits, not WebGPU's defaults (128 MiB, 8 storage buffers per stage)
    expect(device.limits.maxStorageBufferBindingSize).toBe(report.adapter!.limits.maxStorageBufferBindingSize);
    expect(device.limits.maxStorageBuffersPerShaderStage).toBe(report.adapter!.limits.maxStorageBuffersPerShaderStage);
    const y = tf.tidy(() => tf.sum(tf.matMul(tf.ones([3, 4]), tf.ones([4, 2]))));
    expect(Array.from(await y.data())).toEqual([24]);
    y.dispose();
  });

  it('the trial step times webgpu against wasm; SwiftShader loses, as auto mode would be told', async () => {
    const trial = await trialAgainstWasm({ runs: 1, batch: 1 });
    expect(trial.wasmMs).toBeGreaterThan(0);
    expect(trial.webgpuMs).toBeGreaterThan(trial.wasmMs); // a CPU emulating a GPU loses to XNNPACK
    expect(trial.faster).toBe(false);
    expect(tf.getBackend()).toBe('webgpu');
  });

  it('a lost device resolves the hook, calls listeners, and becomes an error that says what to do', async () => {
    const lost = webgpuDeviceLost()!;
    expect(lost).not.toBeNull();
    const heard: string[] = [];
    const off = onWebgpuDeviceLost((info) => heard.push(info.reason));
    activeWebgpuDevice()!.destroy();
    const info = await lost;
    off();
    expect(info.reason).toBe('destroyed');
    expect(heard).toEqual(['destroyed']);
    const err = deviceLostError(info, 'training run abc');
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('backend_unavailable');
    expect(err.message).toMatch(/WebGPU device on SwiftShader.* was lost \(destroyed.*training run abc stopped; the last checkpoint is kept.*--backend wasm/);
  });
});
