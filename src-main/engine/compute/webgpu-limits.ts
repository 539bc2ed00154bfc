import { ApiError } from '../../shared/api/errors';
import type { AdapterReport } from '../../shared/domain/backend';

/** A buffer the model will need: its size, and what it holds (for the message). */
export interface PlannedBuffer {
  bytes: number;
  /** e.g. "the generator's largest activation [64, 64, 64, 128]" */
  what: string;
}

const MiB = 1024 * 1024;
const fmt = (bytes: number): string => (bytes >= 1024 * MiB ? `${(bytes / (1024 * MiB)).toFixed(2)} GiB` : `${(bytes / MiB).toFixed(1)} MiB`);

/** Bytes of a float32 tensor of `shape` (what tfjs-backend-webgpu allocates for it). */
export function float32Bytes(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1) * 4;
}

/**
 * Checks planned buffers against the adapter's limits before a run starts: one tensor is one storage buffer,
 * bound whole, so it must fit both maxBufferSize and maxStorageBufferBindingSize. Throws ApiError('bad_input')
 * naming the limit, the buffer, the adapter and how much smaller the batch must be; returns when all fit.
 * `batch` (when the buffers scale with it) lets the message say which batch would fit.
 */
export function checkWebgpuBuffersFit(buffers: readonly PlannedBuffer[], adapter: Pick<AdapterReport, 'limits' | 'description' | 'vendor'>, batch?: number): void {
  const { maxBufferSize, maxStorageBufferBindingSize } = adapter.limits;
  for (const b of buffers) {
    const [limit, value] = maxStorageBufferBindingSize <= maxBufferSize
      ? ['maxStorageBufferBindingSize', maxStorageBufferBindingSize] as const
      : ['maxBufferSize', maxBufferSize] as const;
    if (b.bytes <= value) continue;
    const gpu = adapter.description || adapter.vendor || 'this GPU';
    const fitBatch = batch ? Math.floor((batch * value) / b.bytes) : 0;
    const advice = batch && fitBatch >= 1
      ? `use --batch ${fitBatch} or less, or a narrower network (a smaller width)`
      : 'use a smaller batch or a narrower network (a smaller width), or a lower resolution';
    throw new ApiError('bad_input',
      `model too large for the WebGPU adapter: ${b.what} needs ${fmt(b.bytes)} in one buffer, above ${gpu}'s ${limit} of ${fmt(value)}: ${advice}`);
  }
}
