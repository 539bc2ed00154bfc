import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { checkParity, PARITY_CASES, toleranceExcess } from '../../../src-main/engine/compute/webgpu-parity';
import { useSoftwareAdapter } from './software-adapter';

beforeAll(async () => {
  useSoftwareAdapter();
  const { report } = await resolveBackend({ force: 'webgpu' });
  expect(report.active).toBe('webgpu');
});

describe('webgpu kernels and gradients equal cpu on the software adapter (relative 1e-4, absolute 1e-5)', () => {
  it.each(PARITY_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const r = await checkParity(c, 'webgpu', 'cpu');
    expect(r.shapesMatch).toBe(true);
    expect(r.leaked).toBe(0);
    r.excess.forEach((e, i) => expect(e, `output ${i} (0 = forward value, then gradients in input order)`).toBeLessThanOrEqual(0));
    expect(r.ok).toBe(true);
  });

  it('the tolerance: relative to the largest reference value, plus the absolute part; NaN and size mismatches fail', () => {
    expect(toleranceExcess([100.009], [100], 1e-4, 0)).toBeLessThanOrEqual(0);
    expect(toleranceExcess([100.02], [100], 1e-4, 0)).toBeGreaterThan(0);
    expect(toleranceExcess([5e-6], [0], 1e-4, 1e-5)).toBeLessThanOrEqual(0); // a true zero, e.g. a bias before batch norm
    expect(toleranceExcess([5e-5], [0], 1e-4, 1e-5)).toBeGreaterThan(0);
    expect(toleranceExcess([NaN], [0])).toBe(Infinity);
    expect(toleranceExcess([1, 2], [1])).toBe(Infinity);
  });
});
