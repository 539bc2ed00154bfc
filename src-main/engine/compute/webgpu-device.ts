import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../../shared/api/errors';
import type { AdapterReport } from '../../shared/domain/backend';
import type { FoundAdapter } from './webgpu-adapter';
import { resolvePackage, requireFile } from './node-require';

/** Why the GPU device went away: Dawn's `GPUDeviceLostInfo`, plus the adapter it was on. */
export interface WebgpuDeviceLost {
  /** 'destroyed' (we closed it) or 'unknown' (driver reset, GPU removed, out of memory, TDR…). */
  reason: string;
  message: string;
  adapter: AdapterReport;
}

/** The part of @tensorflow/tfjs-backend-webgpu we use. */
interface WebgpuBackendModule {
  WebGPUBackend: new (device: GPUDevice, adapterInfo?: GPUAdapterInfo) => tf.KernelBackend;
}

interface Active {
  device: GPUDevice;
  adapter: AdapterReport;
  lost: Promise<WebgpuDeviceLost>;
}

let active: Active | null = null;
/** Set once the device is lost: a read that failed with Dawn's bare AbortError is told apart by it. */
let lostInfo: WebgpuDeviceLost | null = null;
const listeners = new Set<(info: WebgpuDeviceLost) => void>();
const uncaptured: string[] = [];

/**
 * tfjs-backend-webgpu refuses to construct unless `navigator.gpu` exists: Node 20 has no `navigator`, Node 21+ has
 * one without `gpu`. Dawn's GPU object stands in, as in a browser.
 */
function exposeNavigatorGpu(gpu: GPU): void {
  const g = globalThis as { navigator?: { gpu?: GPU } };
  if (!g.navigator) Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  else if (!g.navigator.gpu) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
}

/**
 * Requests a device with the adapter's own limits (WebGPU's defaults cap storage buffers at 128 MiB and 8 per
 * stage, far under what a GPU offers) and makes it tfjs's `webgpu` backend (registered under that name, where
 * tfjs-backend-webgpu's kernels are). Once per process: a second call returns the same device while it lives.
 * Throws ApiError('backend_unavailable') when the package is missing or the driver refuses the device.
 */
export async function activateWebgpu(found: FoundAdapter): Promise<GPUDevice> {
  if (active) return active.device;
  const main = resolvePackage('@tensorflow/tfjs-backend-webgpu');
  if (!main) {
    throw new ApiError('backend_unavailable', "backend 'webgpu' is unavailable: optional dependency @tensorflow/tfjs-backend-webgpu is not installed (run npm install)");
  }
  exposeNavigatorGpu(found.gpu);
  const { WebGPUBackend } = requireFile<WebgpuBackendModule>(main);
  const requiredLimits: Record<string, number> = {};
  const limits = found.adapter.limits as unknown as Record<string, unknown>;
  // Dawn's limits are prototype getters: for-in walks them, Object.keys would not
  for (const key in limits) if (typeof limits[key] === 'number') requiredLimits[key] = limits[key];
  let device: GPUDevice;
  try {
    device = await found.adapter.requestDevice({ requiredLimits });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new ApiError('backend_unavailable', `backend 'webgpu': the driver of ${found.report.description || found.report.vendor} refused a device (${message}): the driver may be too old, update it`);
  }
  const adapter = found.report;
  const lost = device.lost.then((info): WebgpuDeviceLost => {
    const event = { reason: info.reason, message: info.message, adapter };
    lostInfo = event;
    for (const listener of listeners) listener(event);
    return event;
  });
  device.addEventListener('uncapturederror', (ev) => {
    // validation/out-of-memory errors reach no caller in tfjs: keep the first few for the error message
    if (uncaptured.length < 8) uncaptured.push((ev as GPUUncapturedErrorEvent).error.message);
  });
  active = { device, adapter, lost };
  // the package registers its own factory (which asks navigator.gpu for a second device): replace it. Not
  // tf.findBackend: it would run that factory.
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', () => new WebGPUBackend(device, found.adapter.info), 1);
  return device;
}

/**
 * The device-lost hook for the training loop: resolves when this process's WebGPU device is lost (never when it
 * is not); null when no WebGPU device was created. Race it against a step, or turn it into `deviceLostError`.
 */
export function webgpuDeviceLost(): Promise<WebgpuDeviceLost> | null {
  return active?.lost ?? null;
}

/** How the device was lost, once it was; null while it lives (or when there is none). */
export function webgpuLostInfo(): WebgpuDeviceLost | null {
  return lostInfo;
}

/** Calls `listener` once if the device is lost; returns the unsubscribe function. */
export function onWebgpuDeviceLost(listener: (info: WebgpuDeviceLost) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** GPU errors no tfjs call reported (validation, out of memory), oldest first: at most 8 are kept. */
export function webgpuUncapturedErrors(): readonly string[] {
  return uncaptured;
}

/** What a training run keeps and can do after its device is lost (the default `next` of `deviceLostError`). */
export const RUN_AFTER_LOSS = 'the last checkpoint is kept: resume it once the GPU is back (a driver update or reboot may be needed), or resume with --backend wasm';

/**
 * The ApiError a job fails with when its device is lost: what happened (`context` names the job), then `next`:
 * what was kept and what to do.
 */
export function deviceLostError(info: WebgpuDeviceLost, context = 'the run', next = RUN_AFTER_LOSS): ApiError {
  const gpu = info.adapter.description || `${info.adapter.vendor} ${info.adapter.architecture}`.trim() || 'the GPU';
  const detail = [info.message, ...uncaptured.slice(0, 1)].filter(Boolean).join('; ');
  return new ApiError('backend_unavailable', `the WebGPU device on ${gpu} was lost (${info.reason}${detail ? `: ${detail}` : ''}), so ${context} stopped; ${next}`);
}

/** The active device (tests and the trial step), or null. */
export function activeWebgpuDevice(): GPUDevice | null {
  return active?.device ?? null;
}
