import { ApiError } from '../../shared/api/errors';
import type { RunSummary } from '../../shared/domain/run';
import { samplingFields } from '../../shared/models/config-fields';
import { modelInfo, type ModelSpec } from '../models/model-spec';

/** What a batch samples with: the run's config with the batch's own sampling settings over it, and those settings. */
export interface BatchSampling {
  config: Record<string, unknown>;
  /** The settings that differ from the run's; null when there are none. */
  changed: Record<string, number> | null;
}

/**
 * The config a batch samples with. `asked` may only name fields of the model's sampling group (they act at sampling
 * alone, so the run is not changed); each value is checked against the field's range.
 * @throws ApiError bad_input naming the setting and what the model takes.
 */
export function batchSampling(run: RunSummary, spec: ModelSpec, asked: Record<string, number> | undefined): BatchSampling {
  const runConfig = run.config as unknown as Record<string, unknown>;
  if (!asked || Object.keys(asked).length === 0) return { config: runConfig, changed: null };
  const fields = samplingFields(modelInfo(spec).fields);
  const changed: Record<string, number> = {};
  for (const [key, value] of Object.entries(asked)) {
    const f = fields.find((x) => x.key === key);
    if (!f) {
      const offered = fields.length ? `its sampling settings are ${fields.map((x) => `${x.key} (--${x.flag})`).join(', ')}` : 'it has no sampling settings';
      throw new ApiError('bad_input', `'${key}' is not a sampling setting of ${spec.title} runs: ${offered}`);
    }
    const checked = spec.schema.shape[key]!.safeParse(value);
    if (!checked.success) {
      const range = f.min !== null && f.max !== null ? ` from ${f.min} to ${f.max}` : '';
      throw new ApiError('bad_input', `${f.label} (--${f.flag}) takes ${f.type === 'integer' ? 'a whole number' : 'a number'}${range}, not ${value}`);
    }
    if (runConfig[key] !== value) changed[key] = value;
  }
  const any = Object.keys(changed).length > 0;
  return { config: any ? { ...runConfig, ...changed } : runConfig, changed: any ? changed : null };
}
