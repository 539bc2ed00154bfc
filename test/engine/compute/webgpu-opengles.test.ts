import { describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { checkParity, PARITY_CASES } from '../../../src-main/engine/compute/webgpu-parity';

describe("Dawn's OpenGL ES path on Mesa llvmpipe (GAN_STUDIO_WEBGPU_API=opengles)", () => {
  it('is found, counted as software although it is no fallback adapter, refused in auto mode; forced, every parity case passes', async () => {
    process.env.GAN_STUDIO_WEBGPU_API = 'opengles';
    const auto = await resolveBackend();
    expect(auto.report.active).toBe('wasm');
    expect(auto.report.adapter).toMatchObject({ api: 'opengles', fallback: false, software: true });
    expect(`${auto.report.adapter!.description} ${auto.report.adapter!.device}`).toMatch(/llvmpipe/);
    const forced = await resolveBackend({ force: 'webgpu' });
    expect(forced.report.active).toBe('webgpu');
    expect(forced.report.warning).toMatch(/software adapter/);
    const failed = [];
    for (const c of PARITY_CASES) {
      const r = await checkParity(c, 'webgpu', 'cpu');
      if (!r.ok) failed.push(r);
    }
    expect(failed).toEqual([]);
  });
});
