import type { ConfigField, DatasetRole, ModelInfo } from '@shared/domain/model-info';
import type { DatasetSummary } from '@shared/domain/dataset';

/** Titles of the groups a model's schema names; a group not listed here shows its own name, capitalised. */
const GROUP_TITLES: Record<string, string> = {
  data: 'Data', schedule: 'Schedule', network: 'Network', loss: 'Loss', optimizer: 'Optimizer', augmentation: 'Augmentation',
};
export const groupTitle = (group: string): string => GROUP_TITLES[group] ?? group.charAt(0).toUpperCase() + group.slice(1);

export interface FieldGroup {
  group: string;
  title: string;
  fields: ConfigField[];
}

/** Fields by group, in the schema's order of first appearance; `advanced` picks the folded ones or the others. */
export function groupFields(fields: ConfigField[], advanced: boolean): FieldGroup[] {
  const groups = new Map<string, ConfigField[]>();
  for (const f of fields) {
    if (f.advanced !== advanced) continue;
    const list = groups.get(f.group) ?? [];
    list.push(f);
    groups.set(f.group, list);
  }
  return [...groups].map(([group, list]) => ({ group, title: groupTitle(group), fields: list }));
}

/**
 * The arrow step of a number field: 1 for integers; for reals a tenth of the default's order of magnitude, so a
 * learning rate of 2e-4 moves by 1e-5 and a weight of 10 by 1.
 */
export function fieldStep(f: ConfigField): number {
  if (f.type === 'integer') return 1;
  const d = typeof f.default === 'number' && f.default !== 0 ? Math.abs(f.default) : (f.max ?? 1);
  return 10 ** (Math.floor(Math.log10(d)) - 1);
}

/** A setting's value as text: arrays joined, small floats in exponent form. */
export function formatConfigValue(v: unknown): string {
  if (Array.isArray(v)) return v.length ? v.join(', ') : '(none)';
  if (typeof v === 'number' && v !== 0 && Math.abs(v) < 0.001) return v.toExponential(0);
  return String(v);
}

/** Datasets that may fill a role: those of its kind first (an `any` role takes all, domain datasets first). */
export function datasetsForRole(role: DatasetRole, all: DatasetSummary[]): DatasetSummary[] {
  if (role.datasetKind !== 'any') return all.filter((d) => d.kind === role.datasetKind);
  return [...all].sort((a, b) => Number(a.kind === 'labeled') - Number(b.kind === 'labeled'));
}

/** A first choice per role: the first fitting dataset not already taken by an earlier role. */
export function defaultDatasets(info: ModelInfo, all: DatasetSummary[]): Record<string, string | null> {
  const taken = new Set<string>();
  const out: Record<string, string | null> = {};
  for (const role of info.datasets) {
    const pick = datasetsForRole(role, all).find((d) => !taken.has(d.name)) ?? null;
    if (pick) taken.add(pick.name);
    out[role.role] = pick?.name ?? null;
  }
  return out;
}

/** True when every role of the model can get its own fitting dataset: the form opens on the first such model. */
export const canFill = (info: ModelInfo, all: DatasetSummary[]): boolean => Object.values(defaultDatasets(info, all)).every((v) => v !== null);

/** What stops the picked datasets from training, in words, or null. */
export function datasetProblem(info: ModelInfo, picked: Record<string, string | null>, all: DatasetSummary[]): string | null {
  const roles = info.datasets;
  for (const role of roles) {
    const fitting = datasetsForRole(role, all);
    const kindName = role.datasetKind === 'any' ? 'dataset' : `${role.datasetKind} dataset`;
    if (fitting.length === 0) return `${info.title} needs a ${kindName} for ${role.label}: import one on the Datasets page first.`;
    const d = all.find((x) => x.name === picked[role.role]);
    if (!d) return `Pick a ${kindName} for ${role.label}.`;
    if (role.datasetKind !== 'any' && d.kind !== role.datasetKind) return `${role.label} must be a ${kindName}; '${d.name}' is a ${d.kind} dataset.`;
    if (d.count < role.minImages) return `'${d.name}' has ${d.count} images: ${role.label} needs at least ${role.minImages}.`;
  }
  const names = roles.map((r) => picked[r.role]);
  if (new Set(names).size < names.length) return `${roles.map((r) => r.label).join(' and ')} must be different datasets.`;
  return null;
}
