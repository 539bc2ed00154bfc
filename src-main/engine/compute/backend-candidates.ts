import { cpus } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type { AdapterReport, BackendCandidate, BackendName } from '../../shared/domain/backend';
import { resolvePackage, requireFile } from './node-require';
import { loadWasmBackend } from './wasm-loader';
import { findAdapter, type FoundAdapter } from './webgpu-adapter';

/** A candidate after trying it: what the report says, plus how to make it active. */
export interface ProbedBackend extends BackendCandidate {
  /** The tfjs backend name to pass to `tf.setBackend` (tfjs-node registers itself as 'tensorflow'). */
  tfName: string;
  threads: number;
  /** webgpu: the adapter found (reported even when refused), and what activation needs. */
  adapter?: AdapterReport;
  found?: FoundAdapter;
  /** Shown to the user when this backend is used (a forced software adapter). */
  warning?: string;
}

/** Human facts about each backend that do not depend on this machine. */
const CPU_REASON = 'pure-JS, ~390 s per training step: used only with --backend cpu';

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

/** A name for an adapter in one line: "NVIDIA GeForce RTX 4090 (nvidia ada, vulkan)". */
export function adapterLabel(a: AdapterReport): string {
  const what = [a.vendor, a.architecture].filter(Boolean).join(' ');
  return `${a.description || a.device || 'unnamed adapter'} (${what ? `${what}, ` : ''}${a.api})`;
}

/**
 * Finds the WebGPU adapter. In auto mode a software adapter (CPU: slower than wasm) is refused unless
 * GAN_STUDIO_WEBGPU_ALLOW_SOFTWARE=1 (then the trial step against wasm decides); forced, it is used with a warning.
 */
async function probeWebgpu(allowSoftware: boolean): Promise<ProbedBackend> {
  const base = { name: 'webgpu' as const, tfName: 'webgpu', threads: 1 };
  if (!resolvePackage('@tensorflow/tfjs-backend-webgpu')) {
    return { ...base, ok: false, reason: 'not installed: optional dependency @tensorflow/tfjs-backend-webgpu is absent (run npm install)' };
  }
  const found = await findAdapter();
  if (!found.ok) return { ...base, ok: false, reason: found.reason };
  const a = found.report;
  const label = adapterLabel(a);
  const withAdapter = { ...base, adapter: a, found: { gpu: found.gpu, adapter: found.adapter, report: a } };
  if (!a.software) return { ...withAdapter, ok: true, reason: `GPU adapter ${label} through Dawn` };
  if (allowSoftware || process.env.GAN_STUDIO_WEBGPU_ALLOW_SOFTWARE === '1') {
    const warning = `WebGPU runs on the software adapter ${label}: a CPU emulation, correct but much slower than wasm; use it for testing only`;
    return { ...withAdapter, ok: true, reason: `software adapter ${label}: for testing only`, warning };
  }
  return { ...withAdapter, ok: false, reason: `only a software adapter was found, ${label}: it is slower than wasm, so auto mode refuses it (--backend webgpu forces it)` };
}

/**
 * Tries one backend without choosing it. `wasm` is loaded (memoised), the native bindings are required if present,
 * `webgpu` needs a hardware adapter (`forced`: any adapter), `cpu` always loads (but is only ever used when forced).
 */
export async function probeBackend(name: BackendName, opts: { forced?: boolean } = {}): Promise<ProbedBackend> {
  switch (name) {
    case 'tfjs-node-gpu':
    case 'tfjs-node':
      return probeNodeBinding(name);
    case 'wasm': {
      const load = await loadWasmBackend();
      return { name, ok: load.ok, reason: load.reason, tfName: 'wasm', threads: load.threads };
    }
    case 'webgpu':
      return probeWebgpu(opts.forced === true);
    case 'cpu':
      return { name, ok: true, reason: CPU_REASON, tfName: 'cpu', threads: 1 };
  }
}
