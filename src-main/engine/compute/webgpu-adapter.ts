import { existsSync, readFileSync } from 'node:fs';
import type { AdapterReport } from '../../shared/domain/backend';
import { ensureVulkanLoader, loadDawn, type DawnModule } from './webgpu-loader';

/** An adapter Dawn found, with what `info` shows of it. */
export interface FoundAdapter {
  /** The `navigator.gpu` the adapter came from (tfjs-backend-webgpu insists on seeing one). */
  gpu: GPU;
  adapter: GPUAdapter;
  report: AdapterReport;
}

/** The adapter, or why there is none: `reason` is a sentence a person can act on. */
export type AdapterSearch = ({ ok: true; dawn: DawnModule } & FoundAdapter) | { ok: false; reason: string };

/** CPU rasterisers: llvmpipe reports isFallbackAdapter false, so the description is checked too. */
const SOFTWARE_NAMES = /llvmpipe|lavapipe|swiftshader|softpipe/i;

/** Dawn's native API on each platform (create([]) picks it); 'opengles' is the compatibility path. */
const NATIVE_API: Record<string, string> = { linux: 'vulkan', win32: 'd3d12', darwin: 'metal' };

/** NVIDIA's first Linux driver on which Chromium turns WebGPU on by default: older ones are "too old" for us too. */
export const MIN_NVIDIA_DRIVER = '535.183';

/** True for a CPU implementation of WebGPU: correct, but slower than wasm. */
export function isSoftwareAdapter(r: Pick<AdapterReport, 'fallback' | 'vendor' | 'architecture' | 'description' | 'device'>): boolean {
  return r.fallback || SOFTWARE_NAMES.test(`${r.vendor} ${r.architecture} ${r.description} ${r.device}`);
}

/** What `info` and the bench show of an adapter: identity, software or not, and the limits that bound a model. */
export function describeAdapter(adapter: GPUAdapter, api: string): AdapterReport {
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const l = adapter.limits;
  const base = {
    vendor: info.vendor ?? '', architecture: info.architecture ?? '', description: info.description ?? '', device: info.device ?? '',
    // Dawn 0.6 reports it on info; older WebGPU put it on the adapter
    fallback: Boolean(info.isFallbackAdapter ?? (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter),
  };
  return {
    ...base, software: isSoftwareAdapter(base), api,
    limits: {
      maxBufferSize: l.maxBufferSize, maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
    },
  };
}

/** The NVIDIA kernel driver's version ("550.54.14"), or null without one. */
export function nvidiaDriverVersion(file = '/proc/driver/nvidia/version'): string | null {
  if (!existsSync(file)) return null;
  return /Kernel Module\s+(?:for \S+\s+)?(\d+\.\d+(?:\.\d+)?)/.exec(readFileSync(file, 'utf8'))?.[1] ?? null;
}

/** a < b for dotted version strings. */
export function versionBelow(a: string, b: string): boolean {
  const pa = a.split('.').map(Number), pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0, y = pb[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}

/** Why no adapter was found, from what the machine shows: the Vulkan loader, an NVIDIA driver and its age. */
export function diagnoseNoAdapter(facts: { vulkanLoader: string | null; nvidiaDriver: string | null; platform?: string }): string {
  const platform = facts.platform ?? process.platform;
  if (facts.nvidiaDriver && versionBelow(facts.nvidiaDriver, MIN_NVIDIA_DRIVER)) {
    return `no WebGPU adapter: the NVIDIA driver ${facts.nvidiaDriver} is too old (WebGPU needs ≥ ${MIN_NVIDIA_DRIVER} with its Vulkan driver): update the driver`;
  }
  if (platform === 'linux' && !facts.vulkanLoader) {
    return 'no WebGPU adapter: the Vulkan loader libvulkan.so.1 is missing: install it (Debian/Ubuntu: apt-get install libvulkan1), or set VK_ICD_FILENAMES to an ICD json with a libvulkan.so.1 beside its library';
  }
  if (facts.nvidiaDriver) {
    return `no WebGPU adapter although NVIDIA driver ${facts.nvidiaDriver} is loaded: its Vulkan ICD is missing (install the driver's Vulkan/GL package, e.g. libnvidia-gl-${facts.nvidiaDriver.split('.')[0]}), or VK_ICD_FILENAMES points elsewhere`;
  }
  return 'no WebGPU adapter: no GPU driver with Vulkan (or Metal/D3D12) support was found; check `vulkaninfo --summary`, or use --backend wasm';
}

let searching: Promise<AdapterSearch> | null = null;

/**
 * Finds the adapter Dawn offers, memoised per process: the native API (Vulkan on Linux) with
 * `powerPreference: 'high-performance'`. GAN_STUDIO_WEBGPU_API=opengles tries Dawn's OpenGL ES compatibility path
 * instead (Mesa's EGL, headless; 10–20× faster than SwiftShader for tests). On Linux without a Vulkan loader Dawn is
 * not asked at all: it would only print a warning on stderr.
 */
export function findAdapter(): Promise<AdapterSearch> {
  searching ??= search();
  return searching;
}

async function search(): Promise<AdapterSearch> {
  const loaded = await loadDawn();
  if (!loaded.ok) return { ok: false, reason: loaded.reason };
  const { dawn } = loaded;
  Object.assign(globalThis, dawn.globals); // GPUBufferUsage & co., read by tfjs-backend-webgpu
  const loader = ensureVulkanLoader();
  if (process.env.GAN_STUDIO_WEBGPU_API === 'opengles') {
    process.env.EGL_PLATFORM ??= 'surfaceless'; // no display server: Mesa's surfaceless EGL platform
    const gpu = dawn.create(['backend=opengles']);
    const adapter = await gpu.requestAdapter({ featureLevel: 'compatibility', powerPreference: 'high-performance' } as GPURequestAdapterOptions);
    if (adapter) return { ok: true, dawn, gpu, adapter, report: describeAdapter(adapter, 'opengles') };
    return { ok: false, reason: 'no WebGPU adapter on the OpenGL ES path (GAN_STUDIO_WEBGPU_API=opengles): install libegl1, libgles2 and libegl-mesa0, or unset it' };
  }
  if (loader) {
    const gpu = dawn.create([]);
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (adapter) return { ok: true, dawn, gpu, adapter, report: describeAdapter(adapter, NATIVE_API[process.platform] ?? 'native') };
  }
  return { ok: false, reason: diagnoseNoAdapter({ vulkanLoader: loader, nvidiaDriver: nvidiaDriverVersion() }) };
}
