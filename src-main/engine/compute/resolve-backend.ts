import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../../shared/api/errors';
import { BACKEND_NAMES, type BackendName, type BackendReport } from '../../shared/domain/backend';
import { probeBackend, type ProbedBackend } from './backend-candidates';

/** The tfjs namespace (one engine per process) and what was chosen. */
export interface ResolvedBackend {
  tf: typeof tf;
  report: BackendReport;
}

/** Order of automatic choice: fastest first; `webgpu` is skipped in Node, `cpu` is never chosen automatically. */
const AUTO_ORDER: readonly BackendName[] = ['tfjs-node-gpu', 'tfjs-node', 'wasm'];

/**
 * Picks and activates the compute backend.
 * Without `force`: the first of tfjs-node-gpu → tfjs-node → wasm that loads; throws `backend_unavailable` if none
 * does (never falls back to `cpu`, ~1000× slower). With `force`: exactly that backend, or `backend_unavailable`
 * with the reason. On wasm our training kernels are registered before this returns.
 * `report.candidates` has one entry per BACKEND_NAMES element, in that order; ones not tried say why.
 */
export async function resolveBackend(opts: { force?: BackendName } = {}): Promise<ResolvedBackend> {
  const probed = new Map<BackendName, ProbedBackend>();
  let chosen: ProbedBackend | null = null;
  if (opts.force) {
    const p = await probeBackend(opts.force);
    probed.set(opts.force, p);
    if (!p.ok) throw new ApiError('backend_unavailable', `backend '${opts.force}' is unavailable: ${p.reason}`);
    chosen = p;
  } else {
    for (const name of AUTO_ORDER) {
      const p = await probeBackend(name);
      probed.set(name, p);
      if (p.ok) {
        chosen = p;
        break;
      }
    }
  }
  // Fill in the rest so `info` always lists all five; probing here is cheap and has no side effect on the choice.
  for (const name of BACKEND_NAMES) {
    if (!probed.has(name) && name !== 'wasm') probed.set(name, await probeBackend(name));
  }
  if (!chosen) {
    const why = AUTO_ORDER.map((n) => `${n}: ${probed.get(n)?.reason}`).join('; ');
    throw new ApiError('backend_unavailable', `no usable compute backend (${why}); --backend cpu works but is very slow`);
  }
  if (!(await tf.setBackend(chosen.tfName))) {
    throw new ApiError('backend_unavailable', `backend '${chosen.name}' loaded but tfjs could not activate it`);
  }
  const candidates = BACKEND_NAMES.map((name) => {
    const p = probed.get(name);
    // wasm is only left unprobed when a native binding won: do not load a second engine just to report it.
    return p ? { name, ok: p.ok, reason: p.reason } : { name, ok: false, reason: `not tried: ${chosen.name} was chosen first` };
  });
  return { tf, report: { active: chosen.name, candidates, threads: chosen.threads, tfjsVersion: tf.version.tfjs } };
}

/**
 * Backend report for `gan-studio info`: which backends load here and which one training would use.
 * Never throws for an unavailable machine: `active` is null and each candidate says why.
 */
export async function probeBackends(): Promise<BackendReport> {
  try {
    return (await resolveBackend()).report;
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    const candidates = await Promise.all(BACKEND_NAMES.map(async (name) => {
      const p = await probeBackend(name);
      return { name, ok: p.ok, reason: p.reason };
    }));
    return { active: null, candidates, tfjsVersion: tf.version.tfjs };
  }
}
