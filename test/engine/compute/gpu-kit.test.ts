import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SWIFTSHADER_ICD, useSoftwareAdapter } from './software-adapter';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'gpu-kit-'));

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true }); // ~120 MB: the kit ships this machine's node
});

describe('npm run gpu-kit (folder only: the xz archive takes minutes)', () => {
  it('builds a kit that runs outside the repo with its own node: the GPU self-test on SwiftShader, the bench, the table', () => {
    useSoftwareAdapter();
    const reference = join(tmp, 'torch_reference.py'); // the real one lives outside the repo (../shared/bench)
    writeFileSync(reference, 'print("{}")\n');
    const built = spawnSync(process.execPath, [join(ROOT, 'scripts', 'gpu-kit.mjs'), '--no-archive', '--out', join(tmp, 'out')], {
      encoding: 'utf8', timeout: 240_000, env: { ...process.env, GAN_STUDIO_TORCH_REFERENCE: reference },
    });
    expect(built.status, built.stderr).toBe(0);
    const kit = join(tmp, 'out', 'gan-studio-gpu-kit');
    for (const f of ['node', 'gan-kit.mjs', 'dawn.node', 'lib/libvulkan.so.1', 'run.sh', 'torch_reference.py']) expect(existsSync(join(kit, f)), f).toBe(true);
    expect(readdirSync(join(kit, 'wasm')).filter((f) => f.endsWith('.wasm')).length).toBeGreaterThanOrEqual(3);

    // as run.sh runs it: no node_modules reachable from the kit, only what it ships
    const env = { PATH: '/usr/bin:/bin', HOME: tmp, GAN_STUDIO_HOME: join(tmp, 'home'), GAN_STUDIO_DAWN_NODE: join(kit, 'dawn.node'),
      GAN_STUDIO_KIT_LIB: join(kit, 'lib'), VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? SWIFTSHADER_ICD, GAN_STUDIO_WASM_THREADS: '1' };
    const kitRun = (args: string[]) => spawnSync(join(kit, 'node'), [join(kit, 'gan-kit.mjs'), ...args], { cwd: tmp, encoding: 'utf8', timeout: 240_000, env });
    const self = kitRun(['selftest', '--backend', 'webgpu']);
    expect(self.status, self.stderr).toBe(0);
    const checks = self.stdout.trim().split('\n').map((l) => JSON.parse(l) as { check: string; ok: boolean; adapter?: { architecture: string } });
    expect(checks[0]).toMatchObject({ check: 'backend', ok: true, adapter: { architecture: 'swiftshader' } });
    expect(checks.at(-1)).toMatchObject({ check: 'parity', ok: true, failed: 0 });
    writeFileSync(join(tmp, 'selftest.jsonl'), self.stdout);

    const bench = kitRun(['bench', 'cgan28', '--backend', 'wasm', '--steps', '1', '--warmup', '0']);
    expect(bench.status, bench.stdout + bench.stderr).toBe(0);
    const line = JSON.parse(bench.stdout.trim()) as { workload: string; backend: string; median_ms: number };
    expect(line).toMatchObject({ workload: 'cgan28', backend: 'wasm' });
    expect(line.median_ms).toBeGreaterThan(0);
    writeFileSync(join(tmp, 'results.jsonl'), bench.stdout);
    const table = kitRun(['summary', join(tmp, 'results.jsonl'), join(tmp, 'selftest.jsonl')]);
    expect(table.stdout).toMatch(/adapter: SwiftShader driver/);
    expect(table.stdout).toMatch(new RegExp(`cgan28 +\\| — \\| ${line.median_ms.toFixed(1)} \\|`));
  });
});
