import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchLine, BenchValue, WorkloadDef } from './bench-types';
import { projectRoot } from '../engine/version';
import { writeRunsHome } from './runs-home';

/** Issue 15's goal for both commands: a person should not wait for the CLI to start. */
export const CLI_START_GOAL_MS = 500;
const HOME_RUNS = 100;
/** Starts of each command: a start is a fifth of a second now, and nine give a steadier median on a shared machine. */
const STARTS = 9;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const round1 = (x: number): number => Math.round(x * 10) / 10;

/** One `gan-studio ARGS` process as a user starts it; a failing command fails the bench. */
function startCommand(args: string[], env: NodeJS.ProcessEnv = process.env): { ms: number; stderr: string } {
  const bin = join(projectRoot(), 'bin', 'gan-studio.mjs');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 24, env });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`cli-start: gan-studio ${args.join(' ')} exited ${r.status}: ${r.stderr.trim().split('\n').at(-1) ?? ''}`);
  return { ms, stderr: r.stderr };
}

/** Wall time of one `gan-studio ARGS` process, start to exit (ms). */
const timeCommand = (args: string[]): number => startCommand(args).ms;

/**
 * How the timed starts ran (bin/gan-studio.mjs): `bundle` (the usual), `bundle-built` or `tsx (why)`, and the
 * launcher's own share (the bundle's freshness check), from one more `--help` start that traces it.
 */
function launchOf(): Record<string, BenchValue> {
  const { stderr } = startCommand(['--help'], { ...process.env, GAN_STUDIO_LAUNCH_TRACE: '1' });
  const m = /^gan-studio launch: (.*) ([\d.]+) ms$/m.exec(stderr);
  return { launcher: m?.[1] ?? null, launch_check_ms: m ? Number(m[2]) : null };
}

/** A home with 100 runs, and the two timed commands. */
function cliStartSetup(): { home: string; help: () => number; runs: () => number; dispose: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'gs-cli-start-'));
  const home = join(root, 'home');
  writeRunsHome(home, HOME_RUNS);
  return {
    home,
    help: () => timeCommand(['--help']),
    runs: () => timeCommand(['runs', '--json', '--home', home]),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** `--help` figures and the verdict, added to the line (CONTRACT allows added fields). */
function extrasOf(helpTimes: number[], runsMedian: number): Record<string, BenchValue> {
  const help = median(helpTimes);
  return {
    help_median_ms: round1(help), help_min_ms: round1(Math.min(...helpTimes)), help_max_ms: round1(Math.max(...helpTimes)),
    home_runs: HOME_RUNS, goal_ms: CLI_START_GOAL_MS, pass: help < CLI_START_GOAL_MS && runsMedian < CLI_START_GOAL_MS,
    ...launchOf(),
  };
}

/**
 * Measures CLI start-up as a user meets it: wall time from spawning `node bin/gan-studio.mjs` to its exit, for
 * `runs --json` on a home with 100 runs (`median_ms`, `min_ms`, `max_ms`) and `--help` (`help_*_ms`), after
 * `warmup` unmeasured starts of each (the CLI's bundle is built and the OS file cache warm, as for a user's second
 * command). `launcher` says whether the starts ran from the bundle. Returns the CONTRACT bench line fields;
 * `images_per_s` is null (no images), `backend` is the caller's.
 */
export function measureCliStart(opts: { steps?: number; warmup?: number; backend?: BenchLine['backend'] } = {}): BenchLine {
  const steps = opts.steps ?? STARTS, warmup = opts.warmup ?? 1;
  const s = cliStartSetup();
  try {
    for (let i = 0; i < warmup; i++) {
      s.help();
      s.runs();
    }
    const help: number[] = [], runs: number[] = [];
    for (let i = 0; i < steps; i++) {
      help.push(s.help());
      runs.push(s.runs());
    }
    const med = median(runs);
    return {
      workload: 'cli-start', backend: opts.backend ?? 'wasm', threads: 1,
      median_ms: round1(med), min_ms: round1(Math.min(...runs)), max_ms: round1(Math.max(...runs)), images_per_s: null,
      ...extrasOf(help, med),
    };
  } finally {
    s.dispose();
  }
}

/**
 * The same measurement as a bench workload: a step is one `runs --json` start (the bench times it: median_ms,
 * min_ms, max_ms); after the steps, 9 `--help` starts give `help_*_ms`. `images_per_s` reads as command starts per
 * second. It imports only the engine and spawns bin/gan-studio.mjs, so it can live in the bench folder, where the
 * registry may import it (the engine must not import src-main/cli).
 */
export const CLI_START_WORKLOAD: WorkloadDef = {
  description: `start-up of \`gan-studio runs --json\` on a home with ${HOME_RUNS} runs, and of \`--help\` (goal < ${CLI_START_GOAL_MS} ms each)`,
  imagesPerStep: 1,
  steps: STARTS,
  warmup: 1,
  setup() {
    const s = cliStartSetup();
    const runs: number[] = [];
    return {
      step() {
        runs.push(s.runs());
      },
      extras() {
        s.help();
        const help = Array.from({ length: STARTS }, () => s.help());
        return extrasOf(help, median(runs));
      },
      dispose: () => s.dispose(),
    };
  },
};
