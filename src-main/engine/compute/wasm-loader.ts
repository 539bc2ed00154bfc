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

/** Threads the process asks for when GAN_STUDIO_WASM_THREADS is unset: 1 unless it trains (`preferWasmThreads`). */
let preferred: number | 'auto' = 1;

/** Most pthreads the Emscripten build pre-spawns; asking for more would block on a missing worker. */
const MAX_THREADS = 8;

/**
 * Processes that train or benchmark call this before the backend loads: they then use every core by default.
 * Measured on the 2-core machine, idle: XNNPACK convs and matrix products run 2.0× faster on 2 threads, a cGAN28
 * step ~1.4× (the rest is single-threaded JS). One-shot processes (CLI queries, the server, tests) keep 1 thread:
 * the threaded build spawns its worker pool at start-up.
 */
export function preferWasmThreads(n: number | 'auto'): void {
  preferred = n;
}

/**
 * Threads for XNNPACK: env GAN_STUDIO_WASM_THREADS (a number, or `auto` = every core) wins; else the process's
 * preference. Read once: the pool is fixed when the module is instantiated. On a machine busy with other work,
 * GAN_STUDIO_WASM_THREADS=1 avoids threads waiting on each other.
 */
function wantedThreads(): number {
  const raw = process.env.GAN_STUDIO_WASM_THREADS ?? String(preferred);
  if (raw === 'auto') return Math.min(MAX_THREADS, availableParallelism());
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 ? Math.min(MAX_THREADS, n) : 1;
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
