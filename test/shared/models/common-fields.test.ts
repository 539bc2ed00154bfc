import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src-main/engine/models/registry';
import { describeConfig } from '../../../src-main/shared/models/config-fields';
import { resolutionField } from '../../../src-main/shared/models/common-fields';
import { z } from 'zod';

const fieldsOf = (m: (typeof MODELS)[number]) =>
  Object.fromEntries(describeConfig(m.schema, m.defaults as unknown as Record<string, unknown>).map((f) => [f.key, f]));

describe('common config fields: one meaning for one name in every model', () => {
  it('the fields every model has share their type, range, label, group and flag; only the help is the model\'s', () => {
    const same = ['channels', 'steps', 'batch', 'seed', 'checkpointEvery', 'sampleEvery', 'metricsEvery'];
    const [first, ...rest] = MODELS.map(fieldsOf);
    for (const key of same) {
      for (const other of rest) {
        const { help: _a, default: _b, max: _c, label: _d, ...a } = first![key]!;
        const { help: _e, default: _f, max: _g, label: _h, ...b } = other[key]!;
        expect(b, key).toEqual(a);
      }
    }
    // labels differ only where the model names its sample images (grid, panel); the batch bound is the model's
    for (const f of MODELS.map(fieldsOf)) {
      expect([f.steps!.label, f.batch!.label, f.seed!.label, f.metricsEvery!.help]).toEqual(['Steps', 'Batch', 'Seed', 'Metrics kept for the charts every this many steps.']);
      expect(f.steps!.max).toBe(10_000_000);
    }
  });

  it("resolution offers exactly the model's sides, as a choice", () => {
    for (const m of MODELS) expect(fieldsOf(m).resolution).toMatchObject({ type: 'choice', options: [...m.resolutions], derived: true, label: 'Resolution' });
    const schema = z.object({ resolution: resolutionField([16, 32], 'Side.') });
    expect(schema.parse({ resolution: 32 })).toEqual({ resolution: 32 });
    expect(schema.safeParse({ resolution: 24 }).success).toBe(false);
  });
});
