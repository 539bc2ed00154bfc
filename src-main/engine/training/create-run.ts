import { ApiError } from '../../shared/api/errors';
import type { CreateRunInput, RunDataset } from '../../shared/domain/run';
import { diffFromDefaults, mergeConfig } from '../../shared/models/config-fields';
import type { Db } from '../db/database';
import { getDataset } from '../datasets/queries';
import type { BaseRunConfig, ModelSpec } from '../models/model-spec';
import { mustFindModel } from '../models/registry';
import { versionChannels, versionMedianSide } from '../datasets/dataset-repo';
import { assertFilesIntact } from './run-datasets';

/** A run ready to queue: its model, resolved config, datasets by role, classes and what was adjusted. */
export interface PreparedRun {
  spec: ModelSpec;
  config: BaseRunConfig;
  configDiff: Record<string, unknown>;
  datasets: RunDataset[];
  /** Role → dataset version id (the train job's params). */
  versions: Record<string, string>;
  classNames: string[];
  notes: string[];
}

type Dataset = NonNullable<ReturnType<typeof getDataset>>;

/** Each of the model's dataset roles filled, and checked (exists, right kind, big enough, no dataset twice). */
function roleDatasets(db: Db, spec: ModelSpec, refs: Record<string, string>): Map<string, Dataset> {
  const unknown = Object.keys(refs).filter((r) => !spec.datasets.some((d) => d.role === r));
  if (unknown.length) throw new ApiError('bad_input', `${spec.title} has no dataset role '${unknown[0]}': it takes ${spec.datasets.map((d) => `--${d.flag}`).join(' and ')}`);
  const out = new Map<string, Dataset>();
  for (const role of spec.datasets) {
    const ref = refs[role.role];
    if (!ref) throw new ApiError('bad_input', `train ${spec.kind} needs --${role.flag} NAME (${role.label}; list datasets with 'gan-studio datasets')`);
    const d = getDataset(db, ref);
    if (!d) throw new ApiError('not_found', `no dataset '${ref}' (${role.label}): list them with 'gan-studio datasets'`);
    if (role.datasetKind === 'labeled' && d.kind !== 'labeled') {
      throw new ApiError('bad_input', `'${d.name}' is a domain (unlabeled) dataset: ${spec.title} needs a labeled one (one subfolder per class); domain datasets are for translation models`);
    }
    if (d.count < role.minImages) {
      throw new ApiError('bad_input', `${role.label} '${d.name}' has ${d.count} image(s): ${spec.title} needs at least ${role.minImages}`);
    }
    const twin = [...out.entries()].find(([, o]) => o.datasetId === d.datasetId);
    if (twin) throw new ApiError('bad_input', `'${d.name}' is given as both ${spec.datasets.find((r) => r.role === twin[0])!.label} and ${role.label}: use two different datasets`);
    out.set(role.role, d);
  }
  return out;
}

/**
 * `runs.create` for any model: fills its dataset roles, then resolves the config as explicit ← preset ← defaults.
 * Resolution, when neither gives one, is the smallest offered side at least the images' median (capped at 128);
 * channels are 3 as soon as one dataset has colour. A batch above the smallest training split is lowered (or
 * refused when given explicitly).
 */
export async function prepareRun(db: Db, input: CreateRunInput): Promise<PreparedRun> {
  const spec = mustFindModel(input.kind ?? 'cgan');
  const roles = roleDatasets(db, spec, input.datasets);
  const explicit: Record<string, unknown> = { ...(input.config ?? {}) };
  const keys = Object.keys(spec.defaults);
  const unknown = Object.keys(explicit).filter((k) => !keys.includes(k));
  if (unknown.length) throw new ApiError('bad_input', `${spec.title} has no setting '${unknown[0]}': see 'gan-studio train ${spec.kind} --help'`);
  if (input.preset !== undefined && !spec.presets[input.preset]) {
    throw new ApiError('bad_input', `${spec.title} has no preset '${input.preset}': use ${Object.keys(spec.presets).join(', ')}`);
  }
  if (explicit.resolution !== undefined && !spec.resolutions.includes(explicit.resolution as number)) {
    throw new ApiError('bad_input', `${spec.title} does not offer ${String(explicit.resolution)}×${String(explicit.resolution)}: use --resolution ${spec.resolutions.join(', ')}`);
  }
  const notes: string[] = [];
  const ds = [...roles.entries()];
  const channels = ds.map(([, d]) => versionChannels(db, d.versionId));
  if (explicit.channels === undefined && new Set(channels).size > 1) {
    notes.push(`${ds.filter((_, i) => channels[i] === 1).map(([, d]) => `'${d.name}'`).join(', ')} is greyscale and another dataset has colour: its images are read as RGB (grey in all three channels)`);
  }
  const preset = input.preset ? spec.presets[input.preset]!.values as Record<string, unknown> : undefined;
  const median = Math.max(...ds.map(([, d]) => versionMedianSide(db, d.versionId)));
  const resolution = explicit.resolution ?? preset?.resolution ?? spec.resolutions.find((r) => r >= Math.min(median, 128)) ?? spec.resolutions.at(-1);
  const merged = mergeConfig(spec.defaults as unknown as Record<string, unknown>, preset, { ...explicit, resolution, channels: explicit.channels ?? Math.max(...channels) });
  const parsed = spec.schema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ApiError('bad_input', `${String(issue.path[0] ?? 'config')}: ${issue.message}`);
  }
  let config = parsed.data as unknown as BaseRunConfig;
  const train = Math.min(...ds.map(([, d]) => d.split.train));
  if (config.batch > train) {
    if (explicit.batch !== undefined) throw new ApiError('bad_input', `--batch ${config.batch} is larger than the ${train} training images available: pass --batch ${train} or less`);
    notes.push(`batch lowered from ${config.batch} to ${train}: a dataset has only ${train} training images`);
    config = { ...config, batch: train };
  }
  const first = ds[0]![1];
  const classNames = spec.inference === 'generate' ? first.classes.map((c) => c.name) : [];
  if (spec.inference === 'generate' && classNames.length === 1) notes.push(`'${first.name}' has one class: the run trains a plain (unconditional) GAN`);
  for (const [, d] of ds) await assertFilesIntact(db, d.versionId);
  return {
    spec, config, configDiff: diffFromDefaults(config as unknown as Record<string, unknown>, spec.defaults as unknown as Record<string, unknown>),
    datasets: ds.map(([role, d]) => ({ role, ref: input.datasets[role]!, versionId: d.versionId, name: d.name })),
    versions: Object.fromEntries(ds.map(([role, d]) => [role, d.versionId])), classNames, notes,
  };
}
