import { describe, expect, it } from 'vitest';
import { CLI_START_GOAL_MS, CLI_START_WORKLOAD, measureCliStart } from '../../src-main/bench/cli-start';

describe('cli-start bench', () => {
  it('times --help and runs --json on a 100-run home and returns a CONTRACT bench line', () => {
    const line = measureCliStart({ steps: 1, warmup: 0 });
    expect(line).toMatchObject({ workload: 'cli-start', backend: 'wasm', threads: 1, images_per_s: null, home_runs: 100, goal_ms: CLI_START_GOAL_MS });
    for (const k of ['median_ms', 'min_ms', 'max_ms', 'help_median_ms', 'help_min_ms', 'help_max_ms']) {
      expect(line[k], k).toBeGreaterThan(50); // a real process start, not a no-op
      expect(line[k], k).toBeLessThan(60_000);
    }
    expect(line.pass).toBe(line.median_ms! < CLI_START_GOAL_MS && (line.help_median_ms as number) < CLI_START_GOAL_MS);
    // The starts ran as a user's do, from the CLI's bundle (bin/cli-bundle.mjs), not through tsx.
    expect(line.launcher).toBe('bundle');
    expect(line.launch_check_ms).toBeGreaterThan(0);
  }, 120_000);

  it('as a workload: a step is one runs --json start, extras add the --help figures', async () => {
    const session = await CLI_START_WORKLOAD.setup({ backend: 'wasm' });
    try {
      await session.step();
      expect(session.extras?.()).toMatchObject({ help_median_ms: expect.any(Number), home_runs: 100, pass: expect.any(Boolean) });
    } finally {
      await session.dispose();
    }
  }, 120_000);
});
