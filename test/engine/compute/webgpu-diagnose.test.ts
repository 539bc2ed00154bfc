import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-main/shared/api/errors';
import type { AdapterReport } from '../../../src-main/shared/domain/backend';
import { diagnoseNoAdapter, isSoftwareAdapter, MIN_NVIDIA_DRIVER, nvidiaDriverVersion, versionBelow } from '../../../src-main/engine/compute/webgpu-adapter';
import { checkWebgpuBuffersFit, float32Bytes } from '../../../src-main/engine/compute/webgpu-limits';
import { dawnAddonPath, icdLibraryFolders, loadDawn } from '../../../src-main/engine/compute/webgpu-loader';

const GiB = 1024 ** 3;
const rtx = (limits: Partial<AdapterReport['limits']> = {}): AdapterReport => ({
  vendor: 'nvidia', architecture: 'ada-lovelace', description: 'NVIDIA GeForce RTX 4060', device: '', fallback: false, software: false, api: 'vulkan',
  limits: { maxBufferSize: 4 * GiB, maxStorageBufferBindingSize: 2 * GiB, maxStorageBuffersPerShaderStage: 16, maxComputeWorkgroupStorageSize: 32768,
    maxComputeInvocationsPerWorkgroup: 1024, maxComputeWorkgroupsPerDimension: 65535, ...limits },
});
const tmp = mkdtempSync(join(tmpdir(), 'webgpu-diag-'));

describe('software adapters', () => {
  it.each([
    [{ fallback: true, description: 'SwiftShader driver 5.0.0' }, true],
    [{ fallback: false, description: 'OpenGL version OpenGL ES 3.2 Mesa 22.3.6', device: 'llvmpipe-llvm-15-0-6-256-bits-' }, true], // llvmpipe: no fallback flag
    [{ fallback: false, description: 'llvmpipe (LLVM 15.0.6, 256 bits)' }, true],
    [{ fallback: false, architecture: 'lavapipe' }, true],
    [{ fallback: false, description: 'softpipe' }, true],
    [{ fallback: false, description: 'NVIDIA GeForce RTX 4060' }, false],
    [{ fallback: false, vendor: 'amd', architecture: 'rdna-3', description: 'AMD Radeon RX 7800 XT (RADV NAVI32)' }, false],
  ])('%o → software %s', (r, software) => {
    expect(isSoftwareAdapter({ vendor: '', architecture: '', description: '', device: '', ...r })).toBe(software);
  });
});

describe('why no adapter', () => {
  it('an NVIDIA driver older than the minimum is named too old, with the version to reach', () => {
    expect(versionBelow('470.256.02', MIN_NVIDIA_DRIVER)).toBe(true);
    expect(versionBelow('550.54.14', MIN_NVIDIA_DRIVER)).toBe(false);
    expect(versionBelow('535.183', MIN_NVIDIA_DRIVER)).toBe(false);
    expect(diagnoseNoAdapter({ vulkanLoader: 'system', nvidiaDriver: '470.256.02', platform: 'linux' }))
      .toBe(`no WebGPU adapter: the NVIDIA driver 470.256.02 is too old (WebGPU needs ≥ ${MIN_NVIDIA_DRIVER} with its Vulkan driver): update the driver`);
  });

  it('a missing Vulkan loader says which package to install; a recent NVIDIA driver without its ICD names the package', () => {
    expect(diagnoseNoAdapter({ vulkanLoader: null, nvidiaDriver: null, platform: 'linux' })).toMatch(/libvulkan\.so\.1 is missing: install it \(Debian\/Ubuntu: apt-get install libvulkan1\)/);
    expect(diagnoseNoAdapter({ vulkanLoader: 'system', nvidiaDriver: '550.54.14', platform: 'linux' })).toMatch(/NVIDIA driver 550\.54\.14 is loaded: its Vulkan ICD is missing.*libnvidia-gl-550/);
    expect(diagnoseNoAdapter({ vulkanLoader: 'system', nvidiaDriver: null, platform: 'linux' })).toMatch(/vulkaninfo --summary.*--backend wasm/);
  });

  it("reads the NVIDIA kernel module's version from /proc's format", () => {
    const f = join(tmp, 'version');
    writeFileSync(f, 'NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.14  Thu Feb 22 01:44:30 UTC 2024\nGCC version:  gcc version 12.2.0 (Debian 12.2.0-14)\n');
    expect(nvidiaDriverVersion(f)).toBe('550.54.14');
    writeFileSync(f, 'NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  560.35.03  Release Build\n');
    expect(nvidiaDriverVersion(f)).toBe('560.35.03');
    expect(nvidiaDriverVersion(join(tmp, 'absent'))).toBeNull();
  });

  it('finds the folder of each ICD library named by VK_ICD_FILENAMES (relative paths are relative to the json)', () => {
    const rel = join(tmp, 'rel.json'), abs = join(tmp, 'abs.json');
    writeFileSync(rel, JSON.stringify({ file_format_version: '1.0.0', ICD: { library_path: './libvk_swiftshader.so', api_version: '1.0.5' } }));
    writeFileSync(abs, JSON.stringify({ file_format_version: '1.0.0', ICD: { library_path: '/opt/kit/lib/libvk_swiftshader.so' } }));
    expect(icdLibraryFolders({ VK_ICD_FILENAMES: `${rel}:${abs}:${join(tmp, 'missing.json')}` })).toEqual([tmp, '/opt/kit/lib']);
    expect(icdLibraryFolders({})).toEqual([]);
  });

  it("picks the platform's dawn.node, and in a packaged Electron app the unpacked copy beside app.asar", () => {
    expect(dawnAddonPath('/n/webgpu/index.js', 'linux', 'x64')).toBe('/n/webgpu/dist/linux-x64/dawn.node');
    expect(dawnAddonPath('/n/webgpu/index.js', 'darwin', 'arm64')).toBe('/n/webgpu/dist/darwin-universal/dawn.node');
    const app = join(tmp, 'resources');
    mkdirSync(join(app, 'app.asar.unpacked', 'node_modules', 'webgpu', 'dist', 'win32-x64'), { recursive: true });
    writeFileSync(join(app, 'app.asar.unpacked', 'node_modules', 'webgpu', 'dist', 'win32-x64', 'dawn.node'), '');
    expect(dawnAddonPath(join(app, 'app.asar', 'node_modules', 'webgpu', 'index.js'), 'win32', 'x64'))
      .toBe(join(app, 'app.asar.unpacked', 'node_modules', 'webgpu', 'dist', 'win32-x64', 'dawn.node'));
    expect(dawnAddonPath(join(app, 'app.asar', 'node_modules', 'webgpu', 'index.js'), 'linux', 'x64'))
      .toBe(join(app, 'app.asar', 'node_modules', 'webgpu', 'dist', 'linux-x64', 'dawn.node')); // not unpacked: as is
  });

  it('--backend webgpu without the `webgpu` package says what to install', async () => {
    const load = await loadDawn(() => null);
    expect(load).toEqual({ ok: false, reason: expect.stringMatching(/^not installed: optional dependency `webgpu` \(Dawn for Node\) is absent: run `npm install`/) });
  });
});

describe('model too large for the adapter', () => {
  it('passes buffers within the binding limit', () => {
    expect(() => checkWebgpuBuffersFit([{ bytes: float32Bytes([64, 64, 64, 128]), what: 'x' }], rtx())).not.toThrow();
  });

  it('names the limit, the buffer, the GPU and a batch that fits', () => {
    const act = float32Bytes([256, 128, 128, 256]); // 4 GiB
    const err = (() => {
      try {
        checkWebgpuBuffersFit([{ bytes: act, what: "the generator's largest activation [256, 128, 128, 256]" }], rtx(), 256);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('bad_input');
    expect((err as ApiError).message).toBe("model too large for the WebGPU adapter: the generator's largest activation [256, 128, 128, 256] needs 4.00 GiB in one buffer, above NVIDIA GeForce RTX 4060's maxStorageBufferBindingSize of 2.00 GiB: use --batch 128 or less, or a narrower network (a smaller width)");
  });

  it('uses maxBufferSize when it is the smaller limit, and advises width when no batch is given', () => {
    expect(() => checkWebgpuBuffersFit([{ bytes: 300 * 1024 ** 2, what: 'a dense kernel' }], rtx({ maxBufferSize: 256 * 1024 ** 2 })))
      .toThrow(/a dense kernel needs 300\.0 MiB in one buffer, above NVIDIA GeForce RTX 4060's maxBufferSize of 256\.0 MiB: use a smaller batch or a narrower network/);
  });
});
