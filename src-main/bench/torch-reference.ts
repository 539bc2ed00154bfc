import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../engine/version';

/** What the PyTorch reference measured, or why there is no number. */
export type TorchResult = { ok: true; medianMs: number } | { ok: false; reason: string };

/**
 * Where the reference runs: GAN_STUDIO_TORCH_DEVICE (cpu|cuda) if set, else cuda on a machine with an NVIDIA
 * driver loaded (a GPU machine compares GPU with GPU), else cpu.
 */
export function torchDevice(): 'cpu' | 'cuda' {
  const forced = process.env.GAN_STUDIO_TORCH_DEVICE;
  if (forced === 'cpu' || forced === 'cuda') return forced;
  return existsSync('/proc/driver/nvidia/version') ? 'cuda' : 'cpu';
}

const PYTHON = '/usr/bin/python3';

/** Repo root: the folder of GAN Studio's package.json above this file (source or the CLI's bundle), else the working directory. */
function repoRoot(): string {
  try {
    return projectRoot();
  } catch {
    return process.cwd();
  }
}

/** Path of torch_reference.py: env GAN_STUDIO_TORCH_REFERENCE, else `<repo root>/../shared/bench/torch_reference.py`. */
export function torchReferencePath(): string {
  return process.env.GAN_STUDIO_TORCH_REFERENCE ?? join(repoRoot(), '..', 'shared', 'bench', 'torch_reference.py');
}

/**
 * Runs `/usr/bin/python3 torch_reference.py <workload> --threads N --steps S --warmup W [--device D]` and reads its JSON line
 * (`median_ms` per step). Never throws: a missing python, torch or script becomes `{ ok: false, reason }`.
 */
export function runTorchReference(workload: string, opts: { threads: number; steps?: number; warmup?: number; device?: 'cpu' | 'cuda' }): Promise<TorchResult> {
  const script = torchReferencePath();
  if (!existsSync(script)) {
    return Promise.resolve({ ok: false, reason: `torch reference script not found at ${script} (set GAN_STUDIO_TORCH_REFERENCE)` });
  }
  if (!existsSync(PYTHON)) return Promise.resolve({ ok: false, reason: `${PYTHON} not found: install Debian's python3-torch` });
  const args = [script, workload, '--threads', String(opts.threads)];
  if (opts.steps) args.push('--steps', String(opts.steps));
  if (opts.warmup !== undefined) args.push('--warmup', String(opts.warmup));
  if (opts.device) args.push('--device', opts.device);
  return new Promise((done) => {
    execFile(PYTHON, args, { timeout: 30 * 60_000, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) {
        const why = /No module named 'torch'/.test(stderr) ? 'python3-torch is not installed (apt-get install python3-torch libopenblas0-pthread)'
          : (stderr.trim().split('\n').pop() ?? err.message);
        done({ ok: false, reason: `torch reference failed: ${why}` });
        return;
      }
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        const parsed = JSON.parse(line) as { median_ms?: unknown };
        if (typeof parsed.median_ms !== 'number') throw new Error('no median_ms');
        done({ ok: true, medianMs: parsed.median_ms });
      } catch {
        done({ ok: false, reason: `torch reference printed no JSON result: ${line.slice(0, 200)}` });
      }
    });
  });
}
