import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { CGAN_DEFAULTS, cganSpec } from '../../../src-main/engine/models/cgan/spec';
import { CYCLEGAN_DEFAULTS, cycleganSpec } from '../../../src-main/engine/models/cyclegan/spec';
import { MODELS } from '../../../src-main/engine/models/registry';
import { describeConfig, diffFromDefaults, field, mergeConfig } from '../../../src-main/shared/models/config-fields';
import { ConfigFieldSchema } from '../../../src-main/shared/domain/model-info';

const defaultsOf = (m: (typeof MODELS)[number]) => m.defaults as unknown as Record<string, unknown>;

describe('describeConfig: the faces\' view of every registered model\'s annotated config', () => {
  for (const m of MODELS) {
    it(`${m.kind}: every field has a label, help and group, in the schema's order, with its default`, () => {
      const fields = describeConfig(m.schema, defaultsOf(m));
      expect(fields.map((f) => f.key)).toEqual(Object.keys(m.schema.shape));
      expect(fields.map((f) => f.key).sort()).toEqual(Object.keys(m.defaults).sort());
      for (const f of fields) {
        expect(ConfigFieldSchema.parse(f)).toEqual(f);
        for (const text of [f.label, f.help, f.group]) expect(text.trim().length, `${m.kind}.${f.key}`).toBeGreaterThan(0);
        expect(f.default, `${m.kind}.${f.key}`).toEqual(defaultsOf(m)[f.key]);
        expect(f.flag).toMatch(/^[a-z][a-z0-9-]*$/);
        // a choice's default is one of its options; a number's lies in its range
        if (f.type === 'choice') expect(f.options).toContain(f.default);
        if (f.type === 'multi') for (const v of f.default as unknown[]) expect(f.options).toContain(v);
        if ((f.type === 'integer' || f.type === 'number') && !f.derived) {
          const v = f.default as number;
          if (f.min !== null) expect(f.minExclusive ? v > f.min : v >= f.min, `${m.kind}.${f.key} ≥ min`).toBe(true);
          if (f.max !== null) expect(v, `${m.kind}.${f.key} ≤ max`).toBeLessThanOrEqual(f.max);
        }
      }
      // the loop's own fields are there for every model
      for (const key of ['resolution', 'channels', 'steps', 'batch', 'seed', 'checkpointEvery', 'sampleEvery', 'metricsEvery']) {
        expect(fields.map((f) => f.key)).toContain(key);
      }
      expect(new Set(fields.map((f) => f.flag)).size).toBe(fields.length);
    });
  }

  it('types, options, ranges and flags are derived from the zod schema', () => {
    const byKey = Object.fromEntries(describeConfig(cganSpec.schema, defaultsOf(cganSpec)).map((f) => [f.key, f]));
    expect(byKey.resolution).toMatchObject({ type: 'choice', options: [28, 32, 64, 128], derived: true, flag: 'resolution' });
    expect(byKey.loss).toMatchObject({ type: 'choice', options: ['bce', 'hinge', 'lsgan'], group: 'loss', advanced: false });
    expect(byKey.augmentPolicy).toMatchObject({ type: 'multi', options: ['translation', 'cutout', 'color'], flag: 'augment-policy', advanced: true });
    expect(byKey.steps).toMatchObject({ type: 'integer', min: 1, max: 10_000_000, minExclusive: false, options: null });
    expect(byKey.lrG).toMatchObject({ type: 'number', min: 0, max: 1, minExclusive: true, flag: 'lr-g' });
    expect(byKey.emaDecay).toMatchObject({ type: 'number', flag: 'ema', label: 'EMA decay' });
    expect(byKey.diffAugment).toMatchObject({ type: 'choice', options: ['auto', 'on', 'off'], flag: 'augment' });
    expect(byKey.augmentBelow).toMatchObject({ type: 'integer', min: 0 });
    const cyc = Object.fromEntries(describeConfig(cycleganSpec.schema, defaultsOf(cycleganSpec)).map((f) => [f.key, f]));
    expect(cyc.flip).toMatchObject({ type: 'boolean', options: null, default: true });
    expect(cyc.resolution).toMatchObject({ type: 'choice', options: [32, 64, 128, 256] });
    expect(cyc.jitterScale).toMatchObject({ type: 'number', min: 1, max: 2, default: 286 / 256 });
  });

  it('a field without its annotation, or of a type no form control shows, is refused by name', () => {
    expect(() => describeConfig(z.object({ steps: z.number().int() }), { steps: 1 })).toThrow(/config field 'steps' has no label, help or group/);
    const text = z.object({ name: field(z.string(), { label: 'Name', help: 'A name.', group: 'data' }) });
    expect(() => describeConfig(text, { name: 'x' })).toThrow(/JSON type string has no form control/);
  });
});

describe('config resolution: defaults ← preset ← explicit fields', () => {
  for (const m of MODELS) {
    it(`${m.kind}: the defaults are a valid config that differs from itself in nothing; every preset parses and changes its fields`, () => {
      expect(m.schema.parse(m.defaults)).toEqual(m.defaults);
      expect(diffFromDefaults(defaultsOf(m), defaultsOf(m))).toEqual({});
      for (const [name, p] of Object.entries(m.presets)) {
        const c = m.schema.parse(mergeConfig(defaultsOf(m), p.values as Record<string, unknown>, {})) as Record<string, unknown>;
        for (const [k, v] of Object.entries(p.values)) expect(c[k], `${m.kind} ${name}.${k}`).toEqual(v);
        expect(p.label.length * p.summary.length).toBeGreaterThan(0);
      }
    });
  }

  it('the GAN presets have their UI names; quick is shorter than best', () => {
    for (const m of [cganSpec, cycleganSpec]) {
      expect(Object.fromEntries(Object.entries(m.presets).map(([k, p]) => [k, p.label]))).toEqual({ quick: 'Quick look', balanced: 'Balanced', best: 'Best quality' });
      expect(m.presets.quick!.values.steps!).toBeLessThan(m.presets.best!.values.steps!);
    }
  });

  it('an explicit field overrides the preset; undefined fields do not; the diff names what differs from the defaults', () => {
    const d = CGAN_DEFAULTS as unknown as Record<string, unknown>;
    const quick = cganSpec.presets.quick!.values;
    const c = cganSpec.schema.parse(mergeConfig(d, quick, { steps: 7, batch: undefined, loss: 'hinge' }));
    expect(c.steps).toBe(7);
    expect(c.batch).toBe(quick.batch);
    expect(c.loss).toBe('hinge');
    expect(diffFromDefaults(c as Record<string, unknown>, d)).toEqual({ ...quick, steps: 7, loss: 'hinge' });
    // arrays compare by value
    expect(diffFromDefaults({ ...d, augmentPolicy: ['translation', 'cutout', 'color'] }, d)).toEqual({});
    expect(diffFromDefaults({ ...d, augmentPolicy: ['color'] }, d)).toEqual({ augmentPolicy: ['color'] });
  });

  it('refuses values out of range or not offered', () => {
    expect(cganSpec.schema.safeParse({ ...CGAN_DEFAULTS, batch: 0 }).success).toBe(false);
    expect(cganSpec.schema.safeParse({ ...CGAN_DEFAULTS, resolution: 48 }).success).toBe(false);
    expect(cganSpec.schema.safeParse({ ...CGAN_DEFAULTS, lrG: 0 }).success).toBe(false);
    expect(cycleganSpec.schema.safeParse({ ...CYCLEGAN_DEFAULTS, batch: 65 }).success).toBe(false);
    expect(cycleganSpec.schema.safeParse({ ...CYCLEGAN_DEFAULTS, discriminator: 'patch16' }).success).toBe(false);
  });
});
