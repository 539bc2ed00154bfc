import { z } from 'zod';
import type { ConfigField } from '../domain/model-info';

/**
 * Annotated config schemas: each field of a model's zod schema carries `.meta(fieldMeta)`, and everything the
 * faces show is derived from it. Plain zod: the renderer, `--help` and the engine read the same object.
 */
export interface FieldMeta {
  label: string;
  help: string;
  group: string;
  advanced?: boolean;
  /** Filled by the studio from the datasets (resolution may still be given). */
  derived?: boolean;
  /** The CLI flag, when it is not the key in kebab-case (`ema` for emaDecay). */
  flag?: string;
}

/**
 * The group of settings that act only when a checkpoint samples (a diffusion model's guidance and steps): training
 * never reads them, so a batch may set its own (`generate --guidance`) and the run stays as it was.
 */
export const SAMPLING_GROUP = 'sampling';

/** The fields a batch may set for itself: its model's sampling group. */
export const samplingFields = (fields: readonly ConfigField[]): ConfigField[] => fields.filter((f) => f.group === SAMPLING_GROUP && !f.derived);

/**
 * Sampling settings for people: "guidance 1, sampling steps 25" with the label of each key `fields` describes,
 * "guidance 1, sampleSteps 25" (the keys) where they are not at hand.
 */
export const samplingText = (values: Record<string, unknown>, fields: readonly ConfigField[] = []): string =>
  Object.entries(values).map(([key, v]) => `${fields.find((f) => f.key === key)?.label.toLowerCase() ?? key} ${String(v)}`).join(', ');

/** A schema field with its annotations. */
export function field<T extends z.ZodType>(schema: T, meta: FieldMeta): T {
  return schema.meta({ ...meta });
}

const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

interface JsonField {
  type?: string; enum?: (string | number)[]; anyOf?: { const?: string | number }[]; items?: JsonField;
  minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number;
  label?: string; help?: string; group?: string; advanced?: boolean; derived?: boolean; flag?: string;
}

function typeOf(f: JsonField): Pick<ConfigField, 'type' | 'options'> {
  if (f.enum) return { type: 'choice', options: f.enum };
  if (f.anyOf?.every((a) => a.const !== undefined)) return { type: 'choice', options: f.anyOf.map((a) => a.const!) };
  if (f.type === 'array' && f.items?.enum) return { type: 'multi', options: f.items.enum };
  if (f.type === 'integer') return { type: 'integer', options: null };
  if (f.type === 'number') return { type: 'number', options: null };
  if (f.type === 'boolean') return { type: 'boolean', options: null };
  throw new Error(`config field of JSON type ${String(f.type)} has no form control`);
}

const bound = (n: number | undefined): number | null => (n === undefined || Math.abs(n) >= Number.MAX_SAFE_INTEGER ? null : n);

/** The fields of an annotated object schema, in its order, with defaults from `defaults`. */
export function describeConfig(schema: z.ZodObject, defaults: Record<string, unknown>): ConfigField[] {
  const json = z.toJSONSchema(schema, { unrepresentable: 'any' }) as { properties: Record<string, JsonField> };
  return Object.entries(json.properties).map(([key, f]) => {
    if (!f.help || !f.label || !f.group) throw new Error(`config field '${key}' has no label, help or group annotation`);
    return {
      key, flag: f.flag ?? kebab(key), label: f.label, help: f.help, group: f.group, advanced: f.advanced ?? false,
      derived: f.derived ?? false, ...typeOf(f),
      // zod writes an unbounded integer's range as ±MAX_SAFE_INTEGER: that is no bound a person should read.
      min: bound(f.minimum ?? f.exclusiveMinimum), max: bound(f.maximum ?? f.exclusiveMaximum),
      minExclusive: f.exclusiveMinimum !== undefined, default: defaults[key],
    };
  });
}

/** Field → value for every field that differs from `defaults` (what a run's config changed). */
export function diffFromDefaults<C extends Record<string, unknown>>(config: C, defaults: C): Partial<C> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(defaults)) {
    if (JSON.stringify(config[key]) !== JSON.stringify(defaults[key])) out[key] = config[key];
  }
  return out as Partial<C>;
}

/** defaults ← preset ← explicit fields (an explicit value always wins); undefined values are no value. */
export function mergeConfig(defaults: Record<string, unknown>, preset: Record<string, unknown> | undefined,
  explicit: Record<string, unknown>): Record<string, unknown> {
  const defined = Object.fromEntries(Object.entries(explicit).filter(([, v]) => v !== undefined));
  return { ...defaults, ...(preset ?? {}), ...defined };
}
