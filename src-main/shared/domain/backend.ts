import { z } from 'zod';

/** Compute backends, in the order the resolver tries them (CONTRACT.md names). */
export const BACKEND_NAMES = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'webgpu', 'cpu'] as const;
export const BackendNameSchema = z.enum(BACKEND_NAMES);
export type BackendName = z.infer<typeof BackendNameSchema>;

export const BackendCandidateSchema = z.object({
  name: BackendNameSchema,
  ok: z.boolean(),
  /** Why it loaded, or why it did not: a sentence a person can act on. */
  reason: z.string(),
});
export type BackendCandidate = z.infer<typeof BackendCandidateSchema>;

/** The WebGPU adapter Dawn found (shown by `info`, the System page and the bench), whether or not it is used. */
export const AdapterReportSchema = z.object({
  vendor: z.string(),
  architecture: z.string(),
  description: z.string(),
  device: z.string(),
  /** The adapter says it is a fallback (CPU) implementation. */
  fallback: z.boolean(),
  /** fallback, or a CPU rasteriser by name (llvmpipe, lavapipe, SwiftShader, softpipe): refused in auto mode. */
  software: z.boolean(),
  /** The graphics API Dawn drives: vulkan, metal, d3d12 or opengles (the compatibility path). */
  api: z.string(),
  /** The limits that bound a model's size: one tensor is one storage buffer, in bytes. */
  limits: z.object({
    maxBufferSize: z.number(),
    maxStorageBufferBindingSize: z.number(),
    maxStorageBuffersPerShaderStage: z.number(),
    maxComputeWorkgroupStorageSize: z.number(),
    maxComputeInvocationsPerWorkgroup: z.number(),
    maxComputeWorkgroupsPerDimension: z.number(),
  }),
});
export type AdapterReport = z.infer<typeof AdapterReportSchema>;

export const BackendReportSchema = z.object({
  active: BackendNameSchema.nullable(),
  candidates: z.array(BackendCandidateSchema),
  /** Threads the active backend computes with (1 for wasm in Node). */
  threads: z.number().int().nonnegative().optional(),
  tfjsVersion: z.string().optional(),
  /** The WebGPU adapter, when Dawn found one (used or not: `candidates` says). */
  adapter: AdapterReportSchema.optional(),
  /** Something the user should know about the active backend (e.g. a forced software adapter is slow). */
  warning: z.string().optional(),
});
export type BackendReport = z.infer<typeof BackendReportSchema>;

/** "1.00 GiB", "128.0 MiB", "16": how a limit reads to a person. */
function limitText(key: string, value: number): string {
  if (!/Size$/.test(key) || value < 1024) return String(value);
  if (value < 1024 * 1024) return `${(value / 1024).toFixed(0)} KiB`;
  return value >= 1024 ** 3 ? `${(value / 1024 ** 3).toFixed(2)} GiB` : `${(value / 1024 ** 2).toFixed(1)} MiB`;
}

/** The adapter's limits as [name, readable value] pairs, for `info` and the System page. */
export function adapterLimitRows(a: AdapterReport): Array<[string, string]> {
  return Object.entries(a.limits).map(([k, v]) => [k, limitText(k, v)]);
}

/** One line naming an adapter: "SwiftShader driver 5.0.0 (google swiftshader, vulkan; software, fallback)". */
export function adapterSummary(a: AdapterReport): string {
  const what = [a.vendor, a.architecture].filter(Boolean).join(' ');
  const flags = [a.software ? 'software' : 'hardware', a.fallback ? 'fallback' : null].filter(Boolean).join(', ');
  return `${a.description || a.device || 'unnamed adapter'} (${what ? `${what}, ` : ''}${a.api}; ${flags})`;
}
