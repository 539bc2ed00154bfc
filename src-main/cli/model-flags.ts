import { ApiError } from '../shared/api/errors';
import type { ConfigField } from '../shared/domain/model-info';
import type { ModelInfo } from '../shared/domain/model-info';
import { samplingFields } from '../shared/models/config-fields';
import type { FlagKind } from './flag-values';

/**
 * CLI flags of the models, derived from their annotated configs (models.list): `--steps`, `--lr-g`, `--ema`…,
 * one per field, plus one per dataset role (`--dataset`, `--a`, `--b`) and `--preset`.
 */

/** Every flag any model takes, as parseArgs options (values are strings: each field's type parses them). */
export function modelFlagOptions(models: ModelInfo[]): Record<string, { type: 'string' }> {
  const out: Record<string, { type: 'string' }> = { preset: { type: 'string' } };
  for (const m of models) {
    for (const r of m.datasets) out[r.flag] = { type: 'string' };
    for (const f of m.fields) out[f.flag] = { type: 'string' };
  }
  return out;
}

/** How the command line checks a field's flag text before any command runs. */
export const flagKind = (f: ConfigField): FlagKind => (f.type === 'integer' ? 'int' : f.type === 'number' ? 'float' : 'text');

/** The kind of every model flag, so the command line checks its values before any command runs. */
export function modelFlagKinds(models: ModelInfo[]): Record<string, FlagKind> {
  const out: Record<string, FlagKind> = { preset: 'text' };
  for (const m of models) {
    for (const r of m.datasets) out[r.flag] = 'text';
    for (const f of m.fields) out[f.flag] = flagKind(f);
  }
  return out;
}

/** What a field's flag value looks like in `--help`: N, X, true|false, or its choices. */
export const valueHint = (f: ConfigField): string =>
  (f.type === 'choice' || f.type === 'multi' ? f.options!.join('|') : f.type === 'boolean' ? 'true|false' : f.type === 'integer' ? 'N' : 'X');

/** One field's `--help` line: flag and value, its help, then `after` (its default, where that is known). */
export const flagHelpLine = (f: ConfigField, after = ''): string => `    --${`${f.flag} ${valueHint(f)}`.padEnd(28)} ${f.help}${after}`;

/**
 * The sampling settings `generate` takes (`--guidance`, `--sample-steps`): the sampling-group fields of every model
 * that generates, one per flag. Which of them a run takes is the engine's check (it knows the run's model).
 */
export function samplingFlagFields(models: ModelInfo[]): ConfigField[] {
  const byFlag = new Map<string, ConfigField>();
  for (const m of models) if (m.inference === 'generate') for (const f of samplingFields(m.fields)) if (!byFlag.has(f.flag)) byFlag.set(f.flag, f);
  return [...byFlag.values()];
}

/** `samples.generate`'s `sampling` from those flags: field key → value, or undefined when none was given. */
export function samplingFromFlags(fields: ConfigField[], values: Record<string, unknown>): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  for (const f of fields) {
    const v = values[f.flag];
    if (typeof v === 'string') out[f.key] = parseFieldValue(f, v) as number;
  }
  return Object.keys(out).length ? out : undefined;
}

const INTEGER = /^-?\d+$/;
const NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
const TRUE = new Set(['true', 'on', 'yes', '1']), FALSE = new Set(['false', 'off', 'no', '0']);

/** One flag's text as its field's value. @throws ApiError bad_input naming the flag and what it takes. */
export function parseFieldValue(f: ConfigField, raw: string): unknown {
  const bad = (what: string): never => { throw new ApiError('bad_input', `--${f.flag} takes ${what}, not '${raw}'`); };
  const what = f.type === 'integer' ? 'a whole number' : 'a number';
  const inRange = (n: number): number => {
    if (f.min !== null && (f.minExclusive ? n <= f.min : n < f.min)) throw new ApiError('bad_input', `--${f.flag} must be ${what} ${f.minExclusive ? '>' : '≥'} ${f.min}, not '${raw}'`);
    if (f.max !== null && n > f.max) throw new ApiError('bad_input', `--${f.flag} must be ${what} ≤ ${f.max}, not '${raw}'`);
    return n;
  };
  const choice = (text: string): string | number => {
    const hit = f.options!.find((o) => String(o) === text);
    return hit ?? bad(`one of ${f.options!.join(', ')}`);
  };
  switch (f.type) {
    case 'integer': return INTEGER.test(raw) ? inRange(Number(raw)) : bad('a whole number (decimal digits)');
    case 'number': return NUMBER.test(raw) ? inRange(Number(raw)) : bad('a number');
    case 'boolean': return TRUE.has(raw.toLowerCase()) ? true : FALSE.has(raw.toLowerCase()) ? false : bad('true or false');
    case 'choice': return choice(raw);
    case 'multi': return raw === '' ? [] : raw.split(',').map((t) => choice(t.trim()));
  }
}

/**
 * The `runs.create` input of `train <kind>` from its flags: dataset roles, preset and explicit fields. A flag of
 * another model is refused by name.
 */
export function runInputFromFlags(model: ModelInfo, all: ModelInfo[], values: Record<string, unknown>): Record<string, unknown> {
  const mine = new Set(['preset', ...model.datasets.map((r) => r.flag), ...model.fields.map((f) => f.flag)]);
  for (const flag of Object.keys(modelFlagOptions(all))) {
    if (values[flag] !== undefined && !mine.has(flag)) {
      const owner = all.find((m) => m.datasets.some((r) => r.flag === flag) || m.fields.some((f) => f.flag === flag));
      throw new ApiError('bad_input', `--${flag} is ${owner ? `an option of train ${owner.kind}` : 'not an option here'}: train ${model.kind} does not take it`);
    }
  }
  const datasets: Record<string, string> = {};
  for (const r of model.datasets) {
    const v = values[r.flag];
    if (typeof v !== 'string' || !v) {
      throw new ApiError('bad_input', `train ${model.kind} needs ${model.datasets.map((d) => `--${d.flag} NAME`).join(' and ')} (${model.datasets.map((d) => d.label).join(', ')}: gan-studio datasets)`);
    }
    datasets[r.role] = v;
  }
  const config: Record<string, unknown> = {};
  for (const f of model.fields) {
    const v = values[f.flag];
    if (typeof v === 'string') config[f.key] = parseFieldValue(f, v);
  }
  const preset = values.preset;
  if (preset !== undefined && (typeof preset !== 'string' || !model.presets.some((p) => p.name === preset))) {
    throw new ApiError('bad_input', `--preset must be one of ${model.presets.map((p) => p.name).join(', ')}, not '${String(preset)}'`);
  }
  return { kind: model.kind, datasets, config, ...(preset ? { preset } : {}) };
}

/** `--help` of one model: its datasets, presets and every field with its help, grouped, advanced ones last. */
export function modelHelp(m: ModelInfo): string[] {
  const line = (f: ConfigField): string => flagHelpLine(f, f.derived ? ' (default: from the data)' : ` (default: ${JSON.stringify(f.default)})`);
  const groups = [...new Set(m.fields.map((f) => f.group))];
  return [
    `gan-studio train ${m.kind} ${m.datasets.map((r) => `--${r.flag} D`).join(' ')} [options]: ${m.title}. ${m.summary}`,
    ...m.datasets.map((r) => `    --${`${r.flag} D`.padEnd(28)} ${r.label} (${r.datasetKind === 'any' ? 'any' : r.datasetKind} dataset, at least ${r.minImages} training images)`),
    `    --${'preset NAME'.padEnd(28)} ${m.presets.map((p) => `${p.name} (${p.label}: ${p.summary})`).join('; ')}`,
    ...groups.flatMap((g) => m.fields.filter((f) => f.group === g && !f.advanced).map(line)),
    ...groups.flatMap((g) => m.fields.filter((f) => f.group === g && f.advanced).map(line)),
  ];
}
