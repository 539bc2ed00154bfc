import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../shared/domain/backend';
import { resolveBackend } from '../engine/compute/resolve-backend';
import { preferWasmThreads } from '../engine/compute/wasm-loader';
import type { BenchContext, BenchLine, BenchValue, WorkloadDef } from './bench-types';
import { projectRoot } from '../engine/version';
import { runTorchReference, torchDevice } from './torch-reference';
import { selectWorkloads } from './workloads';

/** Options of `gan-studio bench`. */
export interface BenchOptions {
  /** Also run the PyTorch reference (sequentially, before ours) and report the ratio. */
  vsTorch: boolean;
  /** Force a backend; default: the resolver's choice. */
  backend?: BackendName;
  /** Measured steps and warm-up steps; default: each workload's own. */
  steps?: number;
  warmup?: number;
}

const run = promisify(execFile);
const round1 = (x: number): number => Math.round(x * 10) / 10;
const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Median of a non-empty list. */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Times `steps` steps after `warmup` ones; checks the workload leaks no tensors. Returns ms per step. */
async function timeWorkload(def: WorkloadDef, ctx: BenchContext, steps: number, warmup: number): Promise<{ times: number[]; extras: Record<string, BenchValue> }> {
  const session = await def.setup(ctx);
  try {
    for (let i = 0; i < warmup; i++) await session.step();
    const before = tf.memory().numTensors;
    const times: number[] = [];
    for (let i = 0; i < steps; i++) {
      const t0 = performance.now();
      await session.step();
      times.push(performance.now() - t0);
    }
    const leaked = tf.memory().numTensors - before;
    if (leaked !== 0) throw new Error(`bench workload leaked ${leaked} tensors over ${steps} steps`);
    return { times, extras: session.extras?.() ?? {} };
  } finally {
    await session.dispose();
  }
}

/** Times `def` in this process: its CONTRACT line without the torch fields. */
async function measureHere(name: string, def: WorkloadDef, backend: BackendName, threads: number, steps: number, warmup: number): Promise<BenchLine> {
  const { times, extras } = await timeWorkload(def, { backend }, steps, warmup);
  const med = median(times);
  const line: BenchLine = {
    workload: name, backend, threads,
    median_ms: round1(med), min_ms: round1(Math.min(...times)), max_ms: round1(Math.max(...times)),
    images_per_s: round2((def.imagesPerStep * 1000) / med),
  };
  Object.assign(line, extras);
  if (def.gflopPerStep !== undefined) line.gflops_per_s = round2(def.gflopPerStep / (med / 1000));
  return line;
}

/**
 * Times workload `name` in a fresh `gan-studio bench NAME` process (same Node, flags, environment and backend),
 * as if it had been run alone; its line gets `own_process: true`. A failure there fails this bench with its message.
 */
async function measureInOwnProcess(name: string, steps: number, warmup: number, backend: BackendName): Promise<BenchLine> {
  const bin = join(projectRoot(), 'bin', 'gan-studio.mjs');
  const args = [bin, 'bench', name, '--steps', String(steps), '--warmup', String(warmup), '--backend', backend];
  const { stdout } = await run(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 }).catch((err: { stdout?: string; stderr?: string; message: string }) => {
    const last = (err.stdout ?? '').trim().split('\n').at(-1) ?? '';
    let message = err.message;
    try {
      message = (JSON.parse(last) as { error?: { message?: string } }).error?.message ?? message;
    } catch { /* not JSON: keep the process error */ }
    throw new Error(`bench ${name} in its own process failed: ${message}`);
  });
  const line = JSON.parse(stdout.trim().split('\n').at(-1)!) as BenchLine;
  return { ...line, own_process: true };
}

/**
 * Runs the named workloads (all registered when `workloads` is empty) and yields one CONTRACT bench line each.
 * With `vsTorch`, the PyTorch reference runs first for that workload, then ours: never both at once, so they do
 * not compete for the cores. Unknown workload → ApiError('bad_input'); a forced, unavailable backend →
 * ApiError('backend_unavailable'). Every workload's `precheck` runs before the first one starts, so a missing
 * build fails at once rather than after the other workloads; one that cannot run here gets a skip line. With more
 * than one workload, the training ones run each in a fresh process (`WorkloadDef.ownProcess`).
 */
export async function* runBench(workloads: string[], opts: BenchOptions): AsyncGenerator<BenchLine> {
  const selected = selectWorkloads(workloads);
  preferWasmThreads('auto'); // measure what training gets (GAN_STUDIO_WASM_THREADS overrides)
  const { report } = await resolveBackend(opts.backend ? { force: opts.backend } : {});
  const threads = report.threads ?? 1;
  const a = report.active === 'webgpu' ? report.adapter : undefined;
  const adapter = a ? { adapter: { vendor: a.vendor, architecture: a.architecture, description: a.description, fallback: a.fallback } } : {};
  const device = torchDevice();
  const skips = new Map<string, string>();
  for (const [name, def] of selected) {
    const reason = def.precheck ? await def.precheck() : null;
    if (reason !== null) skips.set(name, reason);
  }
  for (const [name, def] of selected) {
    const skip = skips.get(name);
    if (skip !== undefined) {
      yield { workload: name, backend: report.active!, threads, ...adapter, median_ms: null, min_ms: null, max_ms: null, images_per_s: null, skipped: true, reason: skip };
      continue;
    }
    const steps = opts.steps ?? def.steps, warmup = opts.warmup ?? def.warmup;
    let torch: Awaited<ReturnType<typeof runTorchReference>> | null = null;
    if (opts.vsTorch) {
      // torch gets every core (bench/README.md: "2 threads" on the 2-core machine), whatever ours uses
      torch = def.torchName ? await runTorchReference(def.torchName, { threads: availableParallelism(), steps, warmup, device })
        : { ok: false, reason: `no PyTorch reference for '${name}'` };
    }
    const line = selected.length > 1 && def.ownProcess
      ? await measureInOwnProcess(name, steps, warmup, report.active!)
      : await measureHere(name, def, report.active!, threads, steps, warmup);
    Object.assign(line, adapter);
    if (torch) {
      line.torch_device = device;
      line.torch_median_ms = torch.ok ? torch.medianMs : null;
      line.ratio_vs_torch = torch.ok && line.median_ms !== null ? round2(line.median_ms / torch.medianMs) : null;
      if (!torch.ok) line.reason = torch.reason;
    }
    yield line;
  }
}
