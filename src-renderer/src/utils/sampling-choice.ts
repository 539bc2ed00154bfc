import type { ConfigField } from '@shared/domain/model-info';
import { samplingText } from '@shared/models/config-fields';

/**
 * The Generate form's sampling settings (a diffusion run's guidance and steps). The form starts on the run's own
 * values; `samples.generate` gets only the ones the user changed, so a batch left alone records none.
 */
export function runSamplingValues(fields: readonly ConfigField[], config: Record<string, unknown>): Record<string, number | null> {
  return Object.fromEntries(fields.map((f) => [f.key, typeof config[f.key] === 'number' ? config[f.key] as number : null]));
}

/** The values that differ from the run's config (an emptied input keeps the run's), or undefined when none does. */
export function changedSampling(values: Record<string, number | null>, config: Record<string, unknown>): Record<string, number> | undefined {
  const out = Object.fromEntries(Object.entries(values).filter((e): e is [string, number] => e[1] !== null && e[1] !== config[e[0]]));
  return Object.keys(out).length ? out : undefined;
}

/** "guidance 1.5, sampling steps 10": the run's own values, for the form's help line. */
export const samplingSummary = (fields: readonly ConfigField[], config: Record<string, unknown>): string =>
  samplingText(Object.fromEntries(fields.map((f) => [f.key, config[f.key] ?? f.default])), fields);
