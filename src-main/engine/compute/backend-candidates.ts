import { cpus } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type { BackendCandidate, BackendName } from '../../shared/domain/backend';
import { resolvePackage, requireFile } from './node-require';
import { loadWasmBackend } from './wasm-loader';

/** A candidate after trying it: what the report says, plus how to make it active. */
export interface ProbedBackend extends BackendCandidate {
  /** The tfjs backend name to pass to `tf.setBackend` (tfjs-node registers itself as 'tensorflow'). */
  tfName: string;
  threads: number;
}

/** Human facts about each backend that do not depend on this machine. */
const CPU_REASON = 'pure-JS, ~390 s per training step: used only with --backend cpu';
const WEBGPU_REASON = 'not available in Node: WebGPU runs only in a browser window';

/** Loads tfjs-node or tfjs-node-gpu if installed; they register the 'tensorflow' backend on import. */
function probeNodeBinding(name: 'tfjs-node' | 'tfjs-node-gpu'): ProbedBackend {
  const pkg = `@tensorflow/${name}`;
  const main = resolvePackage(pkg);
  if (!main) {
    return { name, ok: false, tfName: 'tensorflow', threads: 0,
      reason: `not installed: optional dependency ${pkg} is absent (its install step downloads libtensorflow${name === 'tfjs-node-gpu' ? ' with CUDA' : ''})` };
  }
  try {
    requireFile(main);
    if (!tf.findBackendFactory('tensorflow')) throw new Error(`${pkg} loaded but registered no 'tensorflow' backend`);
    return { name, ok: true, tfName: 'tensorflow', threads: cpus().length, reason: `native libtensorflow via ${pkg}` };
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return { name, ok: false, tfName: 'tensorflow', threads: 0, reason: `installed but failed to load: ${message}` };
  }
}

/**
 * Tries one backend without choosing it. `wasm` is loaded (memoised), the native bindings are required if present,
 * `webgpu` is never available in Node, `cpu` always is (but is only ever used when forced).
 */
export async function probeBackend(name: BackendName): Promise<ProbedBackend> {
  switch (name) {
    case 'tfjs-node-gpu':
    case 'tfjs-node':
      return probeNodeBinding(name);
    case 'wasm': {
      const load = await loadWasmBackend();
      return { name, ok: load.ok, reason: load.reason, tfName: 'wasm', threads: load.threads };
    }
    case 'webgpu':
      return { name, ok: false, reason: WEBGPU_REASON, tfName: 'webgpu', threads: 0 };
    case 'cpu':
      return { name, ok: true, reason: CPU_REASON, tfName: 'cpu', threads: 1 };
  }
}
