import { ApiError } from '../../shared/api/errors';
import type { ModelInfo } from '../../shared/domain/model-info';
import { cganSpec } from './cgan/spec';
import { cycleganSpec } from './cyclegan/spec';
import { diffusionSpec } from './diffusion/spec';
import { modelInfo, type BaseRunConfig, type ModelSpec } from './model-spec';
import { templateSpec } from './template/spec';

/**
 * Every model the studio offers: one line each. A model is its folder `models/<kind>/` (spec.ts, model.ts);
 * nothing else in the CLI, the services or the UI names it. See models/template/README.md.
 */
export const MODELS: readonly ModelSpec[] = [
  cganSpec,
  cycleganSpec,
  diffusionSpec,
  templateSpec,
] as unknown as ModelSpec[];

export const MODEL_KINDS = MODELS.map((m) => m.kind);

/** The spec of `kind`, or null. */
export function findModel(kind: string): ModelSpec | null {
  return MODELS.find((m) => m.kind === kind) ?? null;
}

/** @throws ApiError bad_input naming the kinds there are. */
export function mustFindModel(kind: string): ModelSpec {
  const spec = findModel(kind);
  if (!spec) throw new ApiError('bad_input', `no model '${kind}': the models are ${MODEL_KINDS.join(', ')}`);
  return spec;
}

/** Every model as the faces see it. */
export const listModelInfo = (): ModelInfo[] => MODELS.map((m) => modelInfo(m));

/** A spec's config type, for a model's own files. */
export type ConfigOf<S> = S extends ModelSpec<infer C extends BaseRunConfig> ? C : never;
