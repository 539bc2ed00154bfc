import { readFileSync } from 'node:fs';
import type { BackendName } from '../src-main/shared/domain/backend';
import { BACKEND_NAMES } from '../src-main/shared/domain/backend';
import { resolveBackend } from '../src-main/engine/compute/resolve-backend';
import { checkParity, PARITY_CASES } from '../src-main/engine/compute/webgpu-parity';

/**
 * The GPU kit's command line (bundled by scripts/gpu-kit.mjs with the bench; run by the kit's run.sh):
 *   selftest [--backend NAME]            kernel/gradient parity of every model op, NAME (webgpu) against cpu
 *   bench WORKLOAD… [--backend NAME] [--vs-torch] [--steps N] [--warmup N]   one CONTRACT line per workload
 *   summary RESULTS [SELFTEST]           the table of the results.jsonl (and selftest.jsonl) run.sh wrote
 * Lines are JSON on stdout; the exit code is 1 when a check or workload failed.
 */

/** The bench's generator, passed in by the bundle's entry (its module path is one constant in gpu-kit.mjs). */
export type RunBench = (workloads: string[], opts: { vsTorch: boolean; backend?: BackendName; steps?: number; warmup?: number }) => AsyncGenerator<object>;

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function backendOption(argv: string[], fallback: BackendName): BackendName {
  const b = option(argv, '--backend') ?? fallback;
  if (!(BACKEND_NAMES as readonly string[]).includes(b)) throw new Error(`unknown backend '${b}': one of ${BACKEND_NAMES.join(', ')}`);
  return b as BackendName;
}

async function selftest(argv: string[]): Promise<number> {
  const { report } = await resolveBackend({ force: backendOption(argv, 'webgpu') });
  console.log(JSON.stringify({ check: 'backend', ok: true, active: report.active, adapter: report.adapter ?? null, warning: report.warning ?? null }));
  let failed = 0;
  for (const c of PARITY_CASES) {
    const r = await checkParity(c, report.active!, 'cpu');
    if (!r.ok) failed++;
    console.log(JSON.stringify({ check: r.name, ok: r.ok, maxExcess: Math.max(...r.excess), shapesMatch: r.shapesMatch, leaked: r.leaked }));
  }
  console.log(JSON.stringify({ check: 'parity', ok: failed === 0, cases: PARITY_CASES.length, failed }));
  return failed === 0 ? 0 : 1;
}

async function bench(argv: string[], runBench: RunBench): Promise<number> {
  const valued = new Set(['--backend', '--steps', '--warmup']);
  const workloads = argv.filter((a, i) => !a.startsWith('--') && !valued.has(argv[i - 1] ?? ''));
  const num = (name: string): number | undefined => (option(argv, name) === undefined ? undefined : Number(option(argv, name)));
  const backend = option(argv, '--backend') === undefined ? undefined : backendOption(argv, 'webgpu');
  try {
    for await (const line of runBench(workloads, { vsTorch: argv.includes('--vs-torch'), backend, steps: num('--steps'), warmup: num('--warmup') })) {
      console.log(JSON.stringify(line));
    }
    return 0;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.log(JSON.stringify({ workload: workloads.join(' '), backend: backend ?? null, median_ms: null, error: message }));
    return 1;
  }
}

interface Line { workload: string; backend: string; median_ms: number | null; torch_median_ms?: number | null; torch_device?: string; adapter?: { description: string }; error?: string }

/** Per workload: webgpu, wasm and torch medians, ours ÷ torch, and the speed-up over wasm (the issue's goals). */
function summary(results: string, selftest?: string): number {
  const read = (file: string): Line[] => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
  const lines = read(results).filter((l) => typeof l.workload === 'string');
  const names = [...new Set(lines.map((l) => l.workload))];
  const fmt = (x: number | null | undefined): string => (typeof x === 'number' ? x.toFixed(1) : '—');
  // the self-test's first line names the adapter even when every webgpu bench line failed
  const adapter = [...lines, ...(selftest ? read(selftest) : [])].find((l) => l.adapter)?.adapter?.description ?? 'no adapter line';
  const rows = [`adapter: ${adapter}`, 'workload    | webgpu ms | wasm ms | torch ms (device) | webgpu ÷ torch | wasm ÷ webgpu', '---|---|---|---|---|---'];
  for (const n of names) {
    const gpu = lines.find((l) => l.workload === n && l.backend === 'webgpu');
    const wasm = lines.find((l) => l.workload === n && l.backend === 'wasm');
    const torch = gpu?.torch_median_ms ?? null;
    const ratio = gpu?.median_ms && torch ? gpu.median_ms / torch : null;
    const speedup = gpu?.median_ms && wasm?.median_ms ? wasm.median_ms / gpu.median_ms : null;
    rows.push(`${n.padEnd(11)} | ${fmt(gpu?.median_ms)} | ${fmt(wasm?.median_ms)} | ${fmt(torch)} (${gpu?.torch_device ?? '—'}) | ${ratio ? ratio.toFixed(2) : '—'} | ${speedup ? `${speedup.toFixed(1)}×` : '—'}${gpu?.error ? ` (webgpu failed: ${gpu.error})` : ''}`);
  }
  console.log(rows.join('\n'));
  return 0;
}

export async function kitMain(argv: string[], runBench: RunBench): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'selftest': return selftest(rest);
    case 'bench': return bench(rest, runBench);
    case 'summary': return summary(rest[0] ?? 'results.jsonl', rest[1]);
    default:
      console.error('usage: gan-kit.mjs selftest [--backend NAME] | bench WORKLOAD… [--backend NAME] [--vs-torch] [--steps N] [--warmup N] | summary RESULTS [SELFTEST]');
      return 2;
  }
}
