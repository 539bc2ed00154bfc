import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SWIFTSHADER_ICD, useSoftwareAdapter } from './software-adapter';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'gan-studio.mjs');

function cli(args: string[]) {
  useSoftwareAdapter();
  const env = { ...process.env, VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? SWIFTSHADER_ICD };
  const r = spawnSync(process.execPath, [BIN, ...args, '--home', mkdtempSync(join(tmpdir(), 'webgpu-info-'))], { encoding: 'utf8', env, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('gan-studio info shows the WebGPU adapter', () => {
  it('--json: backend.adapter with vendor, architecture, description, fallback and limits; auto keeps wasm', () => {
    const r = cli(['info', '--json']);
    expect(r.code).toBe(0);
    const { backend } = JSON.parse(r.stdout) as { backend: { active: string; adapter: Record<string, unknown> & { limits: Record<string, number> } } };
    expect(backend.active).toBe('wasm');
    expect(backend.adapter).toMatchObject({ vendor: 'google', architecture: 'swiftshader', description: expect.stringMatching(/SwiftShader/), fallback: true, software: true });
    expect(backend.adapter.limits.maxStorageBufferBindingSize).toBeGreaterThan(0);
  });

  it('for people: an adapter line, its limits, and with --backend webgpu the warning', () => {
    const r = cli(['info', '--backend', 'webgpu']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/backend {2}webgpu/);
    expect(r.stdout).toMatch(/adapter {2}SwiftShader driver [\d.]+ \(google swiftshader, vulkan; software, fallback\)/);
    expect(r.stdout).toMatch(/maxStorageBufferBindingSize +\d/);
    expect(r.stdout).toMatch(/warning {2}WebGPU runs on the software adapter SwiftShader/);
  });
});
