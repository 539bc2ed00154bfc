import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

/**
 * Multi-threaded tfjs-backend-wasm in Node, done from our side of the package boundary (no edited copy of the
 * bundle). Why it does not work out of the box, and what each step answers:
 * 1. `WASM_HAS_MULTITHREAD_SUPPORT` is hard-wired false under Node → we set the flag (Node has SharedArrayBuffer
 *    and worker_threads, which the threaded Emscripten build supports).
 * 2. The bundle hands Emscripten its pthread worker script and its main script as `Blob`s / `blob:` URLs, which
 *    Node's worker_threads cannot load → while the backend initialises, `Blob` records its text and
 *    `URL.createObjectURL` writes that text to a real file and returns its path. The main script needs the bundle's
 *    module-scope names (`require$$0/1/3/4`, `commonjsGlobal`) → we prepend them. The worker resolves the
 *    main-script Blob it is sent through `URL.createObjectURL` too → a prefix makes that return our file.
 * 3. The pool size. The backend's constructor calls `init_with_threads_count(threadsCount)`, and the C++ side
 *    caps the pool at ⌊logical cores / 2⌋ ("2 hyper-threads per core"), with logical cores read through
 *    Emscripten's `emscripten_num_logical_cores`, which under Node is `os.cpus().length`. On a 2-core machine the
 *    cap is 1 whatever `setThreadsCount` asked: that is why the threaded binary loaded yet stayed at 1 thread
 *    (measured: os.cpus 2 → 1 thread, 4 → 2, 8 → min(asked, 4)) → while the backend initialises, `os.cpus()`
 *    reports each core twice, and `setThreadsCount` (called by the loader) chooses the real size.
 * 4. Running pthreads hold Node's event loop open, so the process would never exit → `unrefWorkers()`.
 */

/** Module-scope names of the Node bundle that the threaded factory's source refers to. */
const MAIN_SCRIPT_PRELUDE = "var require$$0 = require('fs'), require$$1 = require('path'), require$$3 = require('perf_hooks'), "
  + "require$$4 = require('os'); var commonjsGlobal = globalThis;\n"
  // the same source compiled into an esbuild bundle (the GPU kit) calls esbuild's `__require` instead
  + 'var __require = require;\n';

interface RecordedBlob extends Blob {
  ganStudioText?: string;
}

/**
 * Runs `init` (which must create the wasm backend) with the Blob/URL shims of step 2 installed, then restores
 * them. Emscripten pre-spawns its whole worker pool (8) during init, so no Blob URL is needed afterwards.
 */
export async function withNodeWorkerShims<T>(init: () => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'gan-studio-wasm-'));
  const mainScript = join(dir, 'threaded-simd-main.js');
  const OrigBlob = globalThis.Blob;
  const origCreate = URL.createObjectURL;
  let written = 0;
  class TextBlob extends OrigBlob {
    constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
      super(parts, options);
      if (!parts?.every((p) => typeof p === 'string')) return;
      const text = parts.join('');
      (this as RecordedBlob).ganStudioText = text;
      // the main script travels to workers as this Blob, never through createObjectURL: write it now
      if (text.startsWith('var WasmBackendModuleThreadedSimd')) writeFileSync(mainScript, MAIN_SCRIPT_PRELUDE + text);
    }
  }
  globalThis.Blob = TextBlob as typeof Blob;
  const realCpus = os.cpus;
  os.cpus = () => [...realCpus(), ...realCpus()];
  URL.createObjectURL = (obj: Blob): string => {
    const text = (obj as RecordedBlob).ganStudioText;
    if (text === undefined) return origCreate(obj);
    if (text.startsWith('var WasmBackendModuleThreadedSimd')) return mainScript;
    // the pthread worker: make its own createObjectURL(mainScriptBlob) resolve to our file
    const file = join(dir, `worker-${written++}.cjs`);
    writeFileSync(file, `URL.createObjectURL = () => ${JSON.stringify(mainScript)}; URL.revokeObjectURL = () => {};\n${text}`);
    return file;
  };
  try {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
    return await init();
  } finally {
    globalThis.Blob = OrigBlob;
    URL.createObjectURL = origCreate;
    os.cpus = realCpus;
    // every worker of the pool has loaded both scripts by the time the module is ready
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Lets the process exit although pool threads are parked in their workers (they are not tasks of ours). */
export function unrefWorkers(backend: unknown): void {
  const pthread = (backend as { wasm?: { PThread?: { runningWorkers: Array<{ unref(): void }>; unusedWorkers: Array<{ unref(): void }> } } })
    .wasm?.PThread;
  for (const w of [...(pthread?.runningWorkers ?? []), ...(pthread?.unusedWorkers ?? [])]) w.unref();
}
