import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../../shared/api/errors';
import { BACKEND_NAMES, type BackendName, type BackendReport } from '../../shared/domain/backend';
import { probeBackend, type ProbedBackend } from './backend-candidates';
import { activateWebgpu } from './webgpu-device';
import { trialAgainstWasm } from './webgpu-trial';

/** The tfjs namespace (one engine per process) and what was chosen. */
export interface ResolvedBackend {
  tf: typeof tf;
  report: BackendReport;
}

/** Order of automatic choice: fastest first; `cpu` is never chosen automatically. */
const AUTO_ORDER: readonly BackendName[] = ['tfjs-node-gpu', 'webgpu', 'tfjs-node', 'wasm'];

/** Brings up the WebGPU device of a probed adapter; ApiError (backend_unavailable) when the driver refuses. */
async function activate(p: ProbedBackend): Promise<void> {
  if (p.name === 'webgpu' && p.found) await activateWebgpu(p.found);
}

/**
 * Auto mode's webgpu: the device comes up, then a timed trial step must beat wasm, else the candidate is refused
 * with the two times (an integrated GPU or a slow driver can lose to XNNPACK on a big CPU).
 */
async function adoptWebgpu(p: ProbedBackend): Promise<ProbedBackend> {
  try {
    await activate(p);
    // a software adapter only gets here with GAN_STUDIO_WEBGPU_ALLOW_SOFTWARE=1: a batch-8 trial takes it ~30 s
    const trial = await trialAgainstWasm({ batch: p.adapter?.software ? 1 : 8 });
    if (trial.faster) return { ...p, reason: `${p.reason}; a trial step took ${trial.webgpuMs.toFixed(1)} ms (wasm ${trial.wasmMs.toFixed(1)} ms)` };
    return { ...p, ok: false, reason: `${p.reason}, but a trial step was slower than wasm (${trial.webgpuMs.toFixed(1)} ms vs ${trial.wasmMs.toFixed(1)} ms), so wasm is used (--backend webgpu forces it)` };
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return { ...p, ok: false, reason: err.message };
  }
}

/**
 * Picks and activates the compute backend.
 * Without `force`: the first of tfjs-node-gpu → webgpu (a hardware adapter that beats wasm in a trial step) →
 * tfjs-node → wasm that loads; throws `backend_unavailable` if none does (never falls back to `cpu`, ~1000×
 * slower). With `force`: exactly that backend (webgpu: any adapter, a software one with `report.warning`), or
 * `backend_unavailable` with the reason. On wasm our training kernels are registered before this returns.
 * `report.candidates` has one entry per BACKEND_NAMES element, in that order; ones not tried say why.
 * `report.adapter` describes the WebGPU adapter whenever Dawn found one.
 */
export async function resolveBackend(opts: { force?: BackendName } = {}): Promise<ResolvedBackend> {
  const probed = new Map<BackendName, ProbedBackend>();
  let chosen: ProbedBackend | null = null;
  if (opts.force) {
    const p = await probeBackend(opts.force, { forced: true });
    probed.set(opts.force, p);
    if (!p.ok) throw new ApiError('backend_unavailable', `backend '${opts.force}' is unavailable: ${p.reason}`);
    await activate(p);
    chosen = p;
  } else {
    for (const name of AUTO_ORDER) {
      let p = await probeBackend(name);
      if (p.ok && name === 'webgpu') p = await adoptWebgpu(p);
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
  return { tf, report: buildReport(chosen, probed) };
}

function buildReport(chosen: ProbedBackend, probed: Map<BackendName, ProbedBackend>): BackendReport {
  const candidates = BACKEND_NAMES.map((name) => {
    const p = probed.get(name);
    // wasm is only left unprobed when a native binding won: do not load a second engine just to report it.
    return p ? { name, ok: p.ok, reason: p.reason } : { name, ok: false, reason: `not tried: ${chosen.name} was chosen first` };
  });
  const report: BackendReport = { active: chosen.name, candidates, threads: chosen.threads, tfjsVersion: tf.version.tfjs };
  const adapter = probed.get('webgpu')?.adapter;
  if (adapter) report.adapter = adapter;
  if (chosen.warning) report.warning = chosen.warning;
  return report;
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
    const probed = await Promise.all(BACKEND_NAMES.map((name) => probeBackend(name)));
    const adapter = probed.find((p) => p.adapter)?.adapter;
    const candidates = probed.map((p) => ({ name: p.name, ok: p.ok, reason: p.reason }));
    return { active: null, candidates, tfjsVersion: tf.version.tfjs, ...(adapter ? { adapter } : {}) };
  }
}
