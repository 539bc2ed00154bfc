import { describe, expect, it } from 'vitest';
import { modelFlagOptions, modelHelp, parseFieldValue, runInputFromFlags } from '../../src-main/cli/model-flags';
import { listModelInfo } from '../../src-main/engine/models/registry';
import { ApiError } from '../../src-main/shared/api/errors';
import { CreateRunInputSchema } from '../../src-main/shared/domain/run';
import type { ModelInfo } from '../../src-main/shared/domain/model-info';

const ALL = listModelInfo();
const model = (kind: string): ModelInfo => ALL.find((m) => m.kind === kind)!;
const fieldOf = (kind: string, key: string) => model(kind).fields.find((f) => f.key === key)!;
/** `train <kind>` with these flag values (as parseArgs gives them: strings). */
const input = (kind: string, values: Record<string, string>) => runInputFromFlags(model(kind), ALL, values);

/** The ApiError a call throws (fails the test when it does not throw one). */
function errorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return err as ApiError;
  }
  throw new Error('expected an ApiError, nothing was thrown');
}

describe('CLI flags derived from the models\' annotated configs', () => {
  it('one string option per field and dataset role of every model, plus --preset', () => {
    const options = modelFlagOptions(ALL);
    for (const m of ALL) {
      for (const f of m.fields) expect(options[f.flag], `${m.kind} --${f.flag}`).toEqual({ type: 'string' });
      for (const r of m.datasets) expect(options[r.flag]).toEqual({ type: 'string' });
    }
    expect(options).toMatchObject({ preset: { type: 'string' }, dataset: { type: 'string' }, a: { type: 'string' }, b: { type: 'string' },
      'lr-g': { type: 'string' }, ema: { type: 'string' }, flip: { type: 'string' } });
  });

  it('builds the runs.create input: datasets by role, typed config values, the preset', () => {
    const cgan = input('cgan', { dataset: 'shapes', steps: '10', 'lr-g': '1e-4', loss: 'hinge', resolution: '64', 'augment-policy': 'color, cutout', preset: 'quick' });
    expect(cgan).toEqual({ kind: 'cgan', datasets: { train: 'shapes' }, config: { steps: 10, lrG: 1e-4, loss: 'hinge', resolution: 64, augmentPolicy: ['color', 'cutout'] }, preset: 'quick' });
    expect(CreateRunInputSchema.parse(cgan)).toEqual(cgan);
    expect(input('cyclegan', { a: 'day', b: 'night', flip: 'off', 'lambda-cycle': '5' }))
      .toEqual({ kind: 'cyclegan', datasets: { a: 'day', b: 'night' }, config: { flip: false, lambdaCycle: 5 } });
  });

  it('whole numbers are plain decimal digits inside the field\'s range: --steps 0x10, 1e3, 2.5 and -5 are refused', () => {
    expect(errorOf(() => input('cgan', { dataset: 's', steps: '0x10' }))).toMatchObject({ code: 'bad_input', message: "--steps takes a whole number (decimal digits), not '0x10'" });
    expect(errorOf(() => input('cgan', { dataset: 's', steps: '1e3' })).message).toBe("--steps takes a whole number (decimal digits), not '1e3'");
    expect(errorOf(() => input('cgan', { dataset: 's', steps: '2.5' })).message).toBe("--steps takes a whole number (decimal digits), not '2.5'");
    expect(errorOf(() => input('cgan', { dataset: 's', steps: '-5' })).message).toBe("--steps must be a whole number ≥ 1, not '-5'");
    expect(errorOf(() => input('cgan', { dataset: 's', steps: '10000001' })).message).toBe("--steps must be a whole number ≤ 10000000, not '10000001'");
    expect(errorOf(() => input('cgan', { dataset: 's', steps: '' })).message).toMatch(/--steps takes a whole number/);
  });

  it('numbers: --lr-g abc is refused; a learning rate must be above 0', () => {
    expect(errorOf(() => input('cgan', { dataset: 's', 'lr-g': 'abc' }))).toMatchObject({ code: 'bad_input', message: "--lr-g takes a number, not 'abc'" });
    expect(errorOf(() => input('cgan', { dataset: 's', 'lr-g': '0' })).message).toBe("--lr-g must be a number > 0, not '0'");
    expect(errorOf(() => input('cgan', { dataset: 's', 'lr-g': '2' })).message).toBe("--lr-g must be a number ≤ 1, not '2'");
    expect(errorOf(() => input('cgan', { dataset: 's', 'lr-g': 'NaN' })).message).toMatch(/--lr-g takes a number/);
    expect(parseFieldValue(fieldOf('cgan', 'lrG'), '.5')).toBe(0.5);
    expect(parseFieldValue(fieldOf('cgan', 'lrG'), '2E-4')).toBe(2e-4);
  });

  it('booleans take true/false, on/off, yes/no, 1/0 in any case; anything else is refused', () => {
    const flip = fieldOf('cyclegan', 'flip');
    for (const t of ['true', 'ON', 'yes', '1']) expect(parseFieldValue(flip, t)).toBe(true);
    for (const f of ['false', 'Off', 'no', '0']) expect(parseFieldValue(flip, f)).toBe(false);
    expect(errorOf(() => parseFieldValue(flip, 'maybe')).message).toBe("--flip takes true or false, not 'maybe'");
  });

  it('choices and multi-choices take only their options (numbers as numbers); an empty multi is none', () => {
    expect(parseFieldValue(fieldOf('cgan', 'resolution'), '28')).toBe(28);
    expect(errorOf(() => parseFieldValue(fieldOf('cgan', 'resolution'), '48')).message).toBe("--resolution takes one of 28, 32, 64, 128, not '48'");
    expect(errorOf(() => parseFieldValue(fieldOf('cgan', 'loss'), 'wgan')).message).toBe("--loss takes one of bce, hinge, lsgan, not 'wgan'");
    const policy = fieldOf('cgan', 'augmentPolicy');
    expect(parseFieldValue(policy, 'translation,color')).toEqual(['translation', 'color']);
    expect(parseFieldValue(policy, '')).toEqual([]);
    expect(errorOf(() => parseFieldValue(policy, 'color,blur')).message).toBe("--augment-policy takes one of translation, cutout, color, not 'color,blur'");
  });

  it('a flag of another model is refused by name; so are a missing dataset and an unknown preset', () => {
    expect(errorOf(() => input('cyclegan', { a: 'x', b: 'y', loss: 'hinge' }))).toMatchObject({ code: 'bad_input', message: '--loss is an option of train cgan: train cyclegan does not take it' });
    expect(errorOf(() => input('cgan', { dataset: 'x', 'disc-width': '8' })).message).toBe('--disc-width is an option of train cyclegan: train cgan does not take it');
    expect(errorOf(() => input('cgan', { dataset: 'x', a: 'y' })).message).toBe('--a is an option of train cyclegan: train cgan does not take it');
    expect(errorOf(() => input('cyclegan', { a: 'x' })).message).toMatch(/^train cyclegan needs --a NAME and --b NAME/);
    expect(errorOf(() => input('cgan', { dataset: 'x', preset: 'huge' })).message).toBe("--preset must be one of quick, balanced, best, not 'huge'");
    // a flag both models take (steps) is each one's own
    expect(input('cyclegan', { a: 'x', b: 'y', steps: '3' }).config).toEqual({ steps: 3 });
  });

  it('--help of a model lists its datasets, presets and every flag, advanced ones after the others', () => {
    for (const m of ALL) {
      const lines = modelHelp(m);
      expect(lines[0]).toContain(`gan-studio train ${m.kind}`);
      for (const r of m.datasets) expect(lines.some((l) => l.startsWith(`    --${r.flag} D`))).toBe(true);
      const at = (flag: string) => lines.findIndex((l) => l.startsWith(`    --${flag} `));
      for (const f of m.fields) expect(at(f.flag), `${m.kind} --${f.flag}`).toBeGreaterThan(0);
      const lastBasic = Math.max(...m.fields.filter((f) => !f.advanced).map((f) => at(f.flag)));
      const firstAdvanced = Math.min(...m.fields.filter((f) => f.advanced).map((f) => at(f.flag)));
      expect(lastBasic).toBeLessThan(firstAdvanced);
    }
    const cgan = modelHelp(model('cgan')).join('\n');
    expect(cgan).toMatch(/--loss bce\|hinge\|lsgan +bce = non-saturating.*\(default: "bce"\)/);
    expect(cgan).toMatch(/--resolution 28\|32\|64\|128 .*\(default: from the data\)/);
  });
});
