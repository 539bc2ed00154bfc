import type { z } from 'zod';
import { describeConfig } from '../../shared/models/config-fields';
import type { DatasetRole, ModelInfo } from '../../shared/domain/model-info';
import type { ModelModule } from './model';

/**
 * What a model declares without loading tfjs: its annotated config schema with defaults and presets, the datasets
 * it trains on, what it charts and previews, and how its checkpoints are used. The registry holds one per model;
 * `load()` brings the networks and the training step (models/<kind>/model.ts) only when a job needs them, so
 * `--help`, the run list and the forms start fast. A spec file imports only zod and shared/ (lint-checked).
 */

/** Fields every model's config has: the training loop reads them. */
export interface BaseRunConfig {
  /** Image side in px; the datasets are resized (centre crop) to it. */
  resolution: number;
  /** 1 (grey) or 3 (RGB): taken from the datasets (3 as soon as one image has colour). */
  channels: 1 | 3;
  steps: number;
  batch: number;
  seed: number;
  checkpointEvery: number;
  sampleEvery: number;
  metricsEvery: number;
}

/** A dataset role, with the RNG stream of its data order (fixed per role: a run's order must not change between versions). */
export interface SpecDatasetRole extends DatasetRole {
  orderStream: number;
}

export interface PresetSpec<C> {
  label: string;
  summary: string;
  values: Partial<C>;
}

export interface ModelSpec<C extends BaseRunConfig = BaseRunConfig> {
  kind: string;
  title: string;
  summary: string;
  /** The annotated config (`field(…)` on every key). Parsing fills fields an old run's config lacks with their default. */
  schema: z.ZodObject;
  defaults: C;
  presets: Record<string, PresetSpec<C>>;
  /** Image sides offered; a run without one gets the smallest at least the images' median side. */
  resolutions: readonly number[];
  datasets: SpecDatasetRole[];
  inference: ModelInfo['inference'];
  directions: ModelInfo['directions'];
  charts: ModelInfo['charts'];
  preview: ModelInfo['preview'];
  /** Generator weights its checkpoints offer for sampling, the default first (a model without an EMA has only `raw`). */
  weights?: readonly ('ema' | 'raw')[];
  /** How the D-winning health warning names D's score on the fakes, and what it suggests; absent without a discriminator. */
  health?: { score: string; advice: string };
  /** The networks, training step and inference (imports tfjs). */
  load(): Promise<ModelModule<C>>;
}

/**
 * The data and inference of a class-conditional generator (the cGAN, the template): one labeled dataset, `--dataset
 * D`, whose classes it learns; it generates samples of any class.
 */
export const CLASS_CONDITIONAL: Pick<ModelSpec, 'datasets' | 'inference' | 'directions'> = {
  datasets: [{ role: 'train', label: 'Dataset', flag: 'dataset', datasetKind: 'labeled', minImages: 2, orderStream: 1 }],
  inference: 'generate',
  directions: [],
};

/** The model as the faces see it (sent by `models.list`). */
export function modelInfo(spec: ModelSpec): ModelInfo {
  return {
    kind: spec.kind, title: spec.title, summary: spec.summary,
    datasets: spec.datasets.map(({ orderStream: _, ...role }) => role),
    inference: spec.inference, directions: spec.directions,
    fields: describeConfig(spec.schema, spec.defaults as unknown as Record<string, unknown>),
    defaults: { ...spec.defaults },
    presets: Object.entries(spec.presets).map(([name, p]) => ({ name, label: p.label, summary: p.summary, values: { ...p.values } })),
    charts: spec.charts, preview: spec.preview, health: spec.health ?? null,
  };
}
