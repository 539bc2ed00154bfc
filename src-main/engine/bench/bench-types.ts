import type { BackendName } from '../../shared/domain/backend';

/**
 * One line of `gan-studio bench` output (CONTRACT.md, "The bench output"). Times are milliseconds per step
 * (one step of the workload: a D + G update for GANs), over the measured steps after warm-up.
 */
export interface BenchLine {
  workload: string;
  backend: BackendName;
  threads: number;
  median_ms: number;
  min_ms: number;
  max_ms: number;
  images_per_s: number;
  /** Where the workload has a FLOP count: its arithmetic per step ÷ median time. */
  gflops_per_s?: number;
  /** With --vs-torch: the PyTorch reference's median on this machine, and ours ÷ torch; null with `reason`. */
  torch_median_ms?: number | null;
  ratio_vs_torch?: number | null;
  reason?: string;
  /** Workload-specific measurements (CONTRACT allows added fields). */
  [extra: string]: string | number | null | undefined;
}

/** A running instance of a workload: call `step()` repeatedly, then `dispose()`. */
export interface WorkloadSession {
  step(): void | Promise<void>;
  /** Extra measured fields for the bench line (e.g. peak memory), read after the last step. */
  extras?(): Record<string, number>;
  dispose(): void;
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
  /** Builds the networks/data on the active backend; everything it allocates is freed by `dispose`. */
  setup(): WorkloadSession | Promise<WorkloadSession>;
}
