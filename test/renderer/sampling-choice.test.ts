import { describe, expect, it } from 'vitest';
import { samplingFields, samplingText } from '../../src-main/shared/models/config-fields';
import { listModelInfo } from '../../src-main/engine/models/registry';
import { changedSampling, runSamplingValues, samplingSummary } from '../../src-renderer/src/utils/sampling-choice';

describe('the Generate form\'s sampling settings', () => {
  const models = listModelInfo();
  const diffusion = samplingFields(models.find((m) => m.kind === 'diffusion')!.fields);
  const config = { guidance: 1.5, sampleSteps: 10, lr: 3e-4 };

  it('are the diffusion model\'s guidance and steps, and none of the cGAN\'s', () => {
    expect(diffusion.map((f) => f.key)).toEqual(['guidance', 'sampleSteps']);
    expect(samplingFields(models.find((m) => m.kind === 'cgan')!.fields)).toEqual([]);
  });

  it('start on the run\'s values and send only what the user changed', () => {
    const values = runSamplingValues(diffusion, config);
    expect(values).toEqual({ guidance: 1.5, sampleSteps: 10 });
    expect(changedSampling(values, config)).toBeUndefined();
    expect(changedSampling({ ...values, guidance: 1 }, config)).toEqual({ guidance: 1 });
    expect(changedSampling({ guidance: null, sampleSteps: 25 }, config)).toEqual({ sampleSteps: 25 }); // emptied: the run's
  });

  it('name the run\'s own values for the help line', () => {
    expect(samplingSummary(diffusion, config)).toBe('guidance 1.5, sampling steps 10');
  });

  it('read as labels where the fields are at hand, as keys where not (the batch and lineage lines)', () => {
    expect(samplingText({ guidance: 1, sampleSteps: 25 }, diffusion)).toBe('guidance 1, sampling steps 25');
    expect(samplingText({ guidance: 1, sampleSteps: 25 })).toBe('guidance 1, sampleSteps 25');
  });
});
