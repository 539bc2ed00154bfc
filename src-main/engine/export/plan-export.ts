import { join } from 'node:path';
import { ApiError } from '../../shared/api/errors';
import type { ExportInput } from '../../shared/domain/export';
import type { SampleBatch } from '../../shared/domain/sample';
import type { Db } from '../db/database';
import { findVersion, iterateVersionFiles, listVersionClasses, versionDatasetKind } from '../datasets/dataset-repo';
import { resolveDatasetVersion } from '../datasets/queries';
import { batchClassNames, getBatch, iterateKeptSamples } from '../generation/samples-repo';
import { getBatchTranslation, type Direction } from '../translation/translations-repo';
import { assignFolders } from './folder-names';

/** One file of an export, before it is written. */
export interface ExportItem {
  label: string;
  synthetic: boolean;
  /** Absolute path of the bytes to copy or re-encode. */
  src: string;
  /** The folder `src` was recorded in (the studio home, or the real image's dataset folder): web mode reads only inside it. */
  srcFolder: string;
  /** Hash of the source bytes (the stored sample, or the real file as imported). */
  srcSha256: string;
  /** CONTRACT `source_sha256`: a translation's input, or a real image's original (every real image is re-encoded). */
  sourceSha256: string | null;
  /** CONTRACT `direction`: set on translations only. */
  direction: Direction | null;
  /** File name inside its class folder, without the extension. */
  stem: string;
  sampleId: number | null;
  batch: SampleBatch | null;
  sampleIndex: number | null;
  realVersionId: string | null;
  /** Rough output size, for the free-space check. */
  estBytes: number;
}

export interface ExportPlan {
  items: ExportItem[];
  classes: { name: string; folder: string; index: number; count: number }[];
  withRealVersionId: string | null;
}


function mustBatch(db: Db, batchId: string): SampleBatch {
  const b = getBatch(db, batchId);
  if (!b) throw new ApiError('not_found', `no batch ${batchId}: list the batches with 'gan-studio batches' or on the Generate page`);
  if (b.deletedAt) throw new ApiError('conflict', `batch ${batchId} was deleted (${b.deletedAt}): its images are gone`);
  if (b.status === 'queued' || b.status === 'running' || b.status === 'paused') {
    throw new ApiError('conflict', `batch ${batchId} is still ${b.status}: wait for it to finish or cancel it, then export`);
  }
  return b;
}

/** The real TRAIN images of a labeled dataset version, grouped by class name. */
function realItems(db: Db, ref: string): { versionId: string; byClass: Map<string, ExportItem[]> } {
  const versionId = resolveDatasetVersion(db, ref);
  const version = versionId ? findVersion(db, versionId) : null;
  if (!versionId || !version) throw new ApiError('not_found', `no dataset '${ref}': list them with 'gan-studio datasets'`);
  if (versionDatasetKind(db, versionId) !== 'labeled') throw new ApiError('bad_input', `'${ref}' is a domain dataset: --with-real needs a labeled one`);
  const names = listVersionClasses(db, versionId).map((c) => c.name);
  const byClass = new Map<string, ExportItem[]>();
  for (const f of iterateVersionFiles(db, versionId)) {
    if (f.split !== 'train') continue;
    const label = names[f.classIndex]!;
    const list = byClass.get(label) ?? byClass.set(label, []).get(label)!;
    list.push({
      label, synthetic: false, src: join(version.sourceFolder, f.rel), srcFolder: version.sourceFolder, srcSha256: f.sha256, sourceSha256: f.sha256, direction: null, stem: `real_${String(f.fileIndex).padStart(6, '0')}_${f.sha256.slice(0, 8)}`,
      sampleId: null, batch: null, sampleIndex: null, realVersionId: versionId, estBytes: f.width * f.height * f.channels + 1000,
    });
  }
  return { versionId, byClass };
}

/**
 * What an export holds: the kept samples of the batches (in batch, class, index order; translations like any
 * batch, under their labeled source's classes or the target domain's name), capped per class at
 * `ratio` × the real images of that class when merging with a dataset's TRAIN split, plus those real images;
 * classes named by their class names, with safe unique folders and ImageFolder indices.
 * @throws ApiError not_found (batch, dataset), conflict (batch still running), bad_input (nothing to export, ratio without real images).
 */
export function planExport(db: Db, home: string, input: Pick<ExportInput, 'batchIds' | 'withReal' | 'ratio'>): ExportPlan {
  if (input.ratio !== undefined && !input.withReal) throw new ApiError('bad_input', '--ratio is synthetic images per real image: it needs --with-real D');
  const batches = [...new Set(input.batchIds)].map((id) => mustBatch(db, id));
  const real = input.withReal ? realItems(db, input.withReal) : null;
  const synthetic = new Map<string, ExportItem[]>();
  for (const b of batches) {
    // A translation is labeled as its batch recorded: the labeled source's classes, else the target domain's name.
    const names = batchClassNames(db, b.batchId);
    const direction = getBatchTranslation(db, b.batchId)?.direction ?? null;
    for (const s of iterateKeptSamples(db, b.batchId)) {
      const label = names.get(s.class_index) ?? String(s.class_index);
      const list = synthetic.get(label) ?? synthetic.set(label, []).get(label)!;
      list.push({
        label, synthetic: true, src: join(home, s.path), srcFolder: home, srcSha256: s.sha256, sourceSha256: direction ? s.source_sha256 : null, direction,
        stem: `syn_${b.batchId}_${String(s.sample_index).padStart(6, '0')}`, sampleId: s.sample_id, batch: b, sampleIndex: s.sample_index,
        realVersionId: null, estBytes: b.resolution * b.resolution * b.channels + 300,
      });
    }
  }
  if (input.ratio !== undefined && real) {
    for (const [label, list] of synthetic) list.splice(Math.floor(input.ratio * (real.byClass.get(label)?.length ?? 0)));
  }
  const items: ExportItem[] = [];
  const labels = new Set<string>();
  for (const map of [real?.byClass, synthetic]) {
    for (const [label, list] of map ?? []) {
      if (list.length) labels.add(label);
      items.push(...list);
    }
  }
  if (!items.some((i) => i.synthetic)) {
    throw new ApiError('bad_input', input.ratio !== undefined ? `--ratio ${input.ratio} leaves no synthetic image to export: raise it`
      : `the batches ${input.batchIds.join(', ')} hold no kept sample: nothing to export`);
  }
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i.label, (counts.get(i.label) ?? 0) + 1);
  const classes = assignFolders([...labels]).map((c) => ({ ...c, count: counts.get(c.name) ?? 0 }));
  return { items, classes, withRealVersionId: real?.versionId ?? null };
}
