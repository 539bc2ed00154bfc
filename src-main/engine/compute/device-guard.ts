import * as tf from '@tensorflow/tfjs';
import { deviceLostError, RUN_AFTER_LOSS, webgpuDeviceLost, webgpuLostInfo } from './webgpu-device';

/**
 * How long a failed read waits for Dawn's lost event: a destroyed or reset device first fails pending reads with a
 * bare "AbortError" and only then resolves `device.lost` (a later microtask or task).
 */
const LOST_SETTLE_MS = 200;

/**
 * Runs `work` (a training step, a checkpoint, a preview, a generation batch) so that a lost WebGPU device ends it
 * with `deviceLostError` (what happened, what was kept, what to do) instead of Dawn's bare
 * "AbortError" or a read that never returns (a driver reset can leave a mapAsync pending). Races `work` against
 * the device's lost promise; a `work` that fails is checked against the loss first. A no-op off webgpu.
 * `context` names what stopped ("training run 1a2b3c4d"); `next` says what was kept and what to do.
 */
export async function raceDeviceLost<T>(work: Promise<T>, context: string, next = RUN_AFTER_LOSS): Promise<T> {
  const lost = tf.getBackend() === 'webgpu' ? webgpuDeviceLost() : null;
  if (!lost) return work;
  // the loser of the race may still reject: not an unhandled rejection
  work.catch(() => undefined);
  const already = webgpuLostInfo();
  if (already) throw deviceLostError(already, context, next);
  try {
    return await Promise.race([work, lost.then((info) => Promise.reject(deviceLostError(info, context, next)))]);
  } catch (err) {
    const info = webgpuLostInfo() ?? await Promise.race([lost, new Promise<null>((r) => setTimeout(() => r(null), LOST_SETTLE_MS))]);
    if (info) throw deviceLostError(info, context, next);
    throw err;
  }
}
