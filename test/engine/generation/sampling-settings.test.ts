import { describe, expect, it } from 'vitest';
import { batchSampling } from '../../../src-main/engine/generation/sampling-settings';
import { cganSpec } from '../../../src-main/engine/models/cgan/spec';
import { DIFFUSION_DEFAULTS, diffusionSpec } from '../../../src-main/engine/models/diffusion/spec';
import type { ModelSpec } from '../../../src-main/engine/models/model-spec';
import type { RunSummary } from '../../../src-main/shared/domain/run';

const runOf = (config: Record<string, unknown>) => ({ runId: 'r1', config }) as unknown as RunSummary;
const diffusion = diffusionSpec as unknown as ModelSpec, cgan = cganSpec as unknown as ModelSpec;

describe('a batch\'s own sampling settings', () => {
  const run = runOf({ ...DIFFUSION_DEFAULTS });

  it('lays the asked settings over the run\'s config and names those that changed', () => {
    const s = batchSampling(run, diffusion, { guidance: 1, sampleSteps: 25 });
    expect(s.changed).toEqual({ guidance: 1, sampleSteps: 25 });
    expect(s.config).toEqual({ ...DIFFUSION_DEFAULTS, guidance: 1, sampleSteps: 25 });
    expect(run.config).toEqual(DIFFUSION_DEFAULTS); // the run is not changed
  });

  it('records nothing when nothing is asked, or only the run\'s own values', () => {
    expect(batchSampling(run, diffusion, undefined)).toEqual({ config: run.config, changed: null });
    expect(batchSampling(run, diffusion, {})).toEqual({ config: run.config, changed: null });
    expect(batchSampling(run, diffusion, { guidance: DIFFUSION_DEFAULTS.guidance })).toEqual({ config: run.config, changed: null });
    expect(batchSampling(run, diffusion, { guidance: 2, sampleSteps: DIFFUSION_DEFAULTS.sampleSteps }).changed).toEqual({ guidance: 2 });
  });

  it('refuses a training setting, naming the settings there are', () => {
    expect(() => batchSampling(run, diffusion, { lr: 0.1 })).toThrow(
      "'lr' is not a sampling setting of Conditional diffusion (DDPM) runs: its sampling settings are guidance (--guidance), sampleSteps (--sample-steps)");
  });

  it('refuses any setting for a model that has none', () => {
    expect(() => batchSampling(runOf({}), cgan, { guidance: 1 })).toThrow(/'guidance' is not a sampling setting of .* runs: it has no sampling settings/);
  });

  it('checks each value against its field\'s range and type', () => {
    expect(() => batchSampling(run, diffusion, { guidance: 21 })).toThrow('Guidance (--guidance) takes a number from 0 to 20, not 21');
    expect(() => batchSampling(run, diffusion, { sampleSteps: 2.5 })).toThrow('Sampling steps (--sample-steps) takes a whole number from 2 to 1000, not 2.5');
    expect(() => batchSampling(run, diffusion, { sampleSteps: 1 })).toThrow(/not 1$/);
  });
});
