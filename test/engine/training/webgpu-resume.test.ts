import { describe, expect, it } from 'vitest';
import { listCheckpoints } from '../../../src-main/engine/training/checkpoint';
import { useTempDirs } from '../../helpers/temp-dir';
import { tinyHome, trainOn, useOpenGlesWebgpu, type StepRecord } from './webgpu-run';

// Dawn's OpenGL ES path on llvmpipe: the faster software adapter (see webgpu-opengles.test.ts).
useOpenGlesWebgpu();

/** Largest |a − b| / max(1, |b|) over every charted scalar (losses, scores, gradient norms) of the given steps. */
function worst(a: StepRecord[], b: StepRecord[], steps: number[]): number {
  let w = 0;
  for (const s of steps) {
    const x = a.find((r) => r.step === s)!.metrics, y = b.find((r) => r.step === s)!.metrics;
    expect(Object.keys(x).sort()).toEqual(Object.keys(y).sort());
    for (const k of Object.keys(y)) w = Math.max(w, Math.abs(x[k]! - y[k]!) / Math.max(1, Math.abs(y[k]!)));
  }
  return w;
}

/**
 * Checkpoints are plain float32 values with their RNG streams and data orders, whatever backend wrote them. A run
 * stopped at step 2 on one backend and resumed on the other continues within CROSS of the same-backend resume;
 * the same backend stays exact. Measured on llvmpipe: 1.2e-7 (cgan) and 9.4e-7 (cyclegan) at most: webgpu and wasm round differently.
 */
const CROSS = 1e-4;

describe('checkpoints are backend-neutral (wasm ↔ webgpu on the software adapter)', () => {
  const tempDir = useTempDirs();

  it('resume wasm → webgpu and webgpu → wasm within 1e-4 of the same-backend resume; same-backend resume exact; memory flat on webgpu', async () => {
    const { home, db, create } = await tinyHome(tempDir());
    const stopAt2 = (r: StepRecord[]): 'stop' | 'continue' => (r.length >= 2 ? 'stop' : 'continue');
    const split = async (first: 'wasm' | 'webgpu', then: 'wasm' | 'webgpu') => {
      const run = await create(4);
      const a = await trainOn(home, db, run, first, stopAt2);
      expect(await a.outcome).toMatchObject({ status: 'stopped', step: 2 });
      const b = await trainOn(home, db, run, then);
      expect(await b.outcome).toMatchObject({ status: 'completed', step: 4 });
      expect(b.records.map((r) => r.step)).toEqual([3, 4]);
      expect((await listCheckpoints(run.runDir)).map((c) => c.step)).toEqual([2, 4]);
      return [...a.records, ...b.records];
    };
    const wasmWasm = await split('wasm', 'wasm');
    const gpuGpu = await split('webgpu', 'webgpu');
    const wasmGpu = await split('wasm', 'webgpu');
    const gpuWasm = await split('webgpu', 'wasm');
    // a straight webgpu run: memory after 2 and 4 steps, and the same-backend resume must equal it exactly
    const straight = await trainOn(home, db, await create(4), 'webgpu');
    expect(await straight.outcome).toMatchObject({ status: 'completed', step: 4 });

    expect(worst(gpuGpu, straight.records, [1, 2, 3, 4])).toBe(0);
    const [s2, s4] = [straight.records[1]!, straight.records[3]!];
    expect([s4.numTensors, s4.numBytes]).toEqual([s2.numTensors, s2.numBytes]);

    const toGpu = worst(wasmGpu, wasmWasm, [3, 4]), toWasm = worst(gpuWasm, gpuGpu, [3, 4]);
    console.log(`cross-backend resume, largest relative difference over steps 3-4: wasm→webgpu ${toGpu.toExponential(2)}, webgpu→wasm ${toWasm.toExponential(2)}`);
    expect(toGpu).toBeLessThanOrEqual(CROSS);
    expect(toWasm).toBeLessThanOrEqual(CROSS);
    // the first two steps were run on one backend each: webgpu's training equals wasm's within the same tolerance
    expect(worst(gpuGpu, wasmWasm, [1, 2])).toBeLessThanOrEqual(CROSS);
    db.close();
  });

  it('a CycleGAN (instance norm, reflection padding, history pools) resumes across backends within 1e-4 too', async () => {
    const { home, db, create } = await tinyHome(tempDir());
    const stopAt2 = (r: StepRecord[]): 'stop' | 'continue' => (r.length >= 2 ? 'stop' : 'continue');
    const split = async (first: 'wasm' | 'webgpu', then: 'wasm' | 'webgpu') => {
      const run = await create(3, true);
      const a = await trainOn(home, db, run, first, stopAt2);
      expect(await a.outcome).toMatchObject({ status: 'stopped', step: 2 });
      const b = await trainOn(home, db, run, then);
      expect(await b.outcome).toMatchObject({ status: 'completed', step: 3 });
      return [...a.records, ...b.records];
    };
    const wasmWasm = await split('wasm', 'wasm'), gpuGpu = await split('webgpu', 'webgpu');
    const toGpu = worst(await split('wasm', 'webgpu'), wasmWasm, [3]), toWasm = worst(await split('webgpu', 'wasm'), gpuGpu, [3]);
    console.log(`cyclegan cross-backend resume, largest relative difference at step 3: wasm→webgpu ${toGpu.toExponential(2)}, webgpu→wasm ${toWasm.toExponential(2)}`);
    expect(toGpu).toBeLessThanOrEqual(CROSS);
    expect(toWasm).toBeLessThanOrEqual(CROSS);
    expect(worst(gpuGpu, wasmWasm, [1, 2])).toBeLessThanOrEqual(CROSS);
    db.close();
  });
});
