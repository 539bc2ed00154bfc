import { availableParallelism } from 'node:os';
import { dirname, sep } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { resolvePackage, requireFile } from './node-require';
import { registerWasmTrainingKernels } from './wasm-kernels';
import { unrefWorkers, withNodeWorkerShims } from './wasm-threads';

/** The part of @tensorflow/tfjs-backend-wasm we use. */
export interface WasmModule {
  setWasmPaths(prefix: string, usePlatformFetch?: boolean): void;
  setThreadsCount(n: number): void;
  getThreadsCount(): number;
}

/** Result of bringing the wasm backend up. */
export interface WasmLoad {
  ok: boolean;
  /** Why it works or why not, for `gan-studio info`. */
  reason: string;
  threads: number;
}

let loading: Promise<WasmLoad> | null = null;

/**
 * Threads for XNNPACK: env GAN_STUDIO_WASM_THREADS (`auto` = every core), else 1. Opt-in because on the 2-core
 * build machine, shared with other jobs, 2 threads measured no faster than 1 (see wasm-threads.ts), and the
 * threaded path relies on shims around the package. Read once: the pool is fixed when the module is instantiated.
 */
function wantedThreads(): number {
  const raw = process.env.GAN_STUDIO_WASM_THREADS;
  if (raw === 'auto') return availableParallelism();
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/**
 * Loads @tensorflow/tfjs-backend-wasm, points it at its `.wasm` files on disk (next to its Node bundle in
 * node_modules/@tensorflow/tfjs-backend-wasm/dist, so it works from source and from a bundle that keeps the
 * package external), initialises the backend, makes it active and registers our training kernels.
 * Memoised: the wasm module is instantiated once per process.
 */
export function loadWasmBackend(): Promise<WasmLoad> {
  loading ??= load();
  return loading;
}

async function load(): Promise<WasmLoad> {
  const main = resolvePackage('@tensorflow/tfjs-backend-wasm');
  if (!main) {
    return { ok: false, reason: 'not installed: @tensorflow/tfjs-backend-wasm is missing from node_modules (run npm install)', threads: 0 };
  }
  try {
    const wasm = requireFile<WasmModule>(main);
    wasm.setWasmPaths(dirname(main) + sep);
    const wanted = wantedThreads();
    // setBackend instantiates the module (once) and makes wasm active; the resolver switches away if forced.
    const activate = async (): Promise<void> => {
      if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") returned false');
    };
    if (wanted > 1) {
      wasm.setThreadsCount(wanted);
      await withNodeWorkerShims(activate);
      unrefWorkers(tf.backend());
    } else {
      await activate();
    }
    registerWasmTrainingKernels();
    const threads = wasm.getThreadsCount();
    return { ok: true, reason: `XNNPACK SIMD, ${threads} thread${threads === 1 ? '' : 's'}, with GAN Studio's training kernels`, threads };
  } catch (err) {
    const message = err instanceof Error ? err.message : String((err as { message?: unknown })?.message ?? err);
    return { ok: false, reason: `failed to initialise: ${message}`, threads: 0 };
  }
}
