import { describe, expect, it } from 'vitest';
import { CGAN_DEFAULTS, CGAN_PRESETS, diffFromDefaults, PRESET_LABELS, resolveCganConfig } from '../../../src-main/shared/domain/run-config';

describe('run config', () => {
  it('defaults are a valid config that differs from itself in nothing', () => {
    expect(resolveCganConfig(undefined, {})).toEqual(CGAN_DEFAULTS);
    expect(diffFromDefaults(CGAN_DEFAULTS)).toEqual({});
  });

  it('three presets with their UI names; a preset changes its fields', () => {
    expect(PRESET_LABELS).toEqual({ quick: 'Quick look', balanced: 'Balanced', best: 'Best quality' });
    for (const name of ['quick', 'balanced', 'best'] as const) {
      const c = resolveCganConfig(name, {});
      for (const [k, v] of Object.entries(CGAN_PRESETS[name])) expect(c[k as keyof typeof c]).toEqual(v);
    }
    expect(resolveCganConfig('quick', {}).steps).toBeLessThan(resolveCganConfig('best', {}).steps);
  });

  it('an explicit field overrides the preset; undefined fields do not', () => {
    const c = resolveCganConfig('quick', { steps: 7, batch: undefined, loss: 'hinge' });
    expect(c.steps).toBe(7);
    expect(c.batch).toBe(CGAN_PRESETS.quick.batch);
    expect(c.loss).toBe('hinge');
    expect(diffFromDefaults(c)).toEqual({ ...CGAN_PRESETS.quick, steps: 7, loss: 'hinge' });
  });

  it('refuses values out of range', () => {
    expect(() => resolveCganConfig(undefined, { batch: 0 })).toThrow();
    expect(() => resolveCganConfig(undefined, { resolution: 48 })).toThrow();
  });
});
