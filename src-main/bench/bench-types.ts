import type { BackendName } from '../shared/domain/backend';

/** A workload-specific field of a bench line. */
export type BenchValue = string | number | boolean | null;

/** The WebGPU adapter a line was measured on (CONTRACT.md: lines on webgpu carry it). */
export interface BenchAdapter {
  vendor: string;
  architecture: string;
  description: string;
  fallback: boolean;
}

/**
 * One line of `gan-studio bench` output (CONTRACT.md, "The bench output"). Times are milliseconds per step
 * (one step of the workload: a D + G update for GANs), over the measured steps after warm-up. A workload that
 * could not run here (see `WorkloadDef.precheck`) has null times, `skipped: true` and a `reason`.
 */
export interface BenchLine {
  workload: string;
  backend: BackendName;
  threads: number;
  median_ms: number | null;
  min_ms: number | null;
  max_ms: number | null;
  images_per_s: number | null;
  /** Where the workload has a FLOP count: its arithmetic per step ÷ median time. */
  gflops_per_s?: number;
  /** With --vs-torch: the PyTorch reference's median on this machine, and ours ÷ torch; null with `reason`. */
  torch_median_ms?: number | null;
  ratio_vs_torch?: number | null;
  reason?: string;
  /** True on the line of a workload that could not run here; `reason` says why. */
  skipped?: boolean;
  /** On webgpu: the adapter measured on. */
  adapter?: BenchAdapter;
  /** With --vs-torch: where the PyTorch reference ran ('cpu' or 'cuda'). */
  torch_device?: string;
  /** Workload-specific measurements (CONTRACT allows added fields). */
  [extra: string]: BenchValue | BenchAdapter | undefined;
}

/** What every workload may know of the bench run it is part of. */
export interface BenchContext {
  /** The backend the bench resolved (and measures on): a workload running a child process passes it on. */
  backend: BackendName;
}

/** A running instance of a workload: call `step()` repeatedly, then `dispose()`. */
export interface WorkloadSession {
  step(): void | Promise<void>;
  /** Extra measured fields for the bench line (e.g. peak memory), read after the last step. */
  extras?(): Record<string, BenchValue>;
  /** Frees what setup made; may be async (a server or browser to stop), the bench waits for it. */
  dispose(): void | Promise<void>;
}

/** A benchmark workload; adding one is one entry in the registry. */
export interface WorkloadDef {
  /** One-line description for `bench --help`. */
  description: string;
  /** Images processed per step (the batch), for images_per_s. */
  imagesPerStep: number;
  /** Arithmetic per step in GFLOP, when known (bench/README.md's figures). */
  gflopPerStep?: number;
  /** The PyTorch reference's workload name when it has one (torch_reference.py). */
  torchName?: string;
  /** Defaults for steps and warm-up: big workloads measure fewer steps. */
  steps: number;
  warmup: number;
  /**
   * Runs before any workload of the bench: a reason this one cannot run on this machine (a missing browser), so its
   * line is a skip line, or null. Throws (ApiError) when the user must fix something first (a missing build).
   */
  precheck?(): string | null | Promise<string | null>;
  /**
   * Measured in a fresh `gan-studio bench` process when the bench runs more than one workload: a training step's
   * speed depends on what ran before it in the process (cyclegan64 after cgan28 and cgan64 measured 983 ms a step,
   * alone 746). Its line then carries `own_process: true`.
   */
  ownProcess?: boolean;
  /** Builds the networks/data on the active backend; everything it allocates is freed by `dispose`. */
  setup(ctx: BenchContext): WorkloadSession | Promise<WorkloadSession>;
}
