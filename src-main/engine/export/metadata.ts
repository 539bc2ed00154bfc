import { METADATA_COLUMNS, type MetadataRow } from '../../shared/domain/export';
import type { ExportItem } from './plan-export';

/**
 * The metadata row of an exported file: every CONTRACT column, null where it does not apply. A translation has
 * no seed (it is deterministic) but a direction and the hash of the image it was translated from.
 */
export function metadataRow(item: ExportItem, fileName: string, sha256: string): MetadataRow {
  const b = item.batch;
  return {
    file_name: fileName, label: item.label, synthetic: item.synthetic, sha256,
    run_id: b?.runId ?? null, checkpoint_step: b?.checkpointStep ?? null, batch_id: b?.batchId ?? null, seed: item.direction ? null : b?.seed ?? null,
    sample_index: item.sampleIndex, truncation: b?.truncation ?? null, weights: b?.weights ?? null,
    direction: item.direction, source_sha256: item.sourceSha256, dataset_version_id: b?.datasetVersionId ?? item.realVersionId,
  };
}

/** metadata.jsonl: one JSON object per line, columns in CONTRACT order. */
export function toJsonl(rows: MetadataRow[]): string {
  return rows.map((r) => JSON.stringify(Object.fromEntries(METADATA_COLUMNS.map((c) => [c, r[c]])))).join('\n') + '\n';
}

const csvField = (v: string | number | boolean | null): string => {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** provenance.csv: the same rows and columns (RFC 4180; null = empty field). */
export function toCsv(rows: MetadataRow[]): string {
  return [METADATA_COLUMNS.join(','), ...rows.map((r) => METADATA_COLUMNS.map((c) => csvField(r[c])).join(','))].join('\r\n') + '\r\n';
}

/** classes.json: class name → {folder, index} (index = sorted position of the folder, as ImageFolder assigns). */
export function toClassesJson(classes: { name: string; folder: string; index: number }[]): string {
  return `${JSON.stringify(Object.fromEntries(classes.map((c) => [c.name, { folder: c.folder, index: c.index }])), null, 2)}\n`;
}

/** The mark in README.md that names the export: how a folder found on disk is known to hold that export. */
const exportMark = (exportId: string): string => `(export ${exportId})`;

/** Whether a README.md's text is the one written for `exportId` (crash recovery and downloads check it). */
export function readmeNamesExport(readme: string, exportId: string): boolean {
  return readme.includes(exportMark(exportId));
}

/** README.md: what is inside, made by whom and from what. */
export function toReadme(o: { exportId: string; app: string; batchIds: string[]; runIds: string[]; withRealVersionId: string | null; ratio: number | null;
  format: string; resolution: number | null; synthetic: number; real: number; classes: { name: string; folder: string; count: number }[];
  translations: { batchId: string; direction: string }[]; sections?: string[] }): string {
  return [
    '# GAN Studio export', '',
    `${o.synthetic + o.real} images (${o.synthetic} synthetic, ${o.real} real) in ${o.classes.length} class folders, ${o.format.toUpperCase()}` +
      `${o.resolution ? `, ${o.resolution}×${o.resolution}` : ''}. Made by GAN Studio ${o.app} on ${new Date().toISOString()} ${exportMark(o.exportId)}.`, '',
    `- Generated batches: ${o.batchIds.join(', ')} (runs ${o.runIds.join(', ')})`,
    ...(o.translations.length ? [`- CycleGAN translations: ${o.translations.map((t) => `${t.batchId} (${t.direction})`).join(', ')}; each row names the source image's sha256`] : []),
    `- Real images: ${o.withRealVersionId ? `TRAIN split of dataset version ${o.withRealVersionId}${o.ratio !== null ? `, synthetic:real ≤ ${o.ratio} per class` : ''}` : 'none'}`,
    '- Load it with torchvision `ImageFolder`, Keras `image_dataset_from_directory` or Hugging Face `load_dataset("imagefolder", data_dir=...)`.',
    '- `metadata.jsonl` / `provenance.csv`: one row per image (synthetic or real, run, checkpoint, batch, seed, sample index, sha256; direction and source for translations).',
    '- `classes.json`: class name → folder → index. Trace any file back with `gan-studio lineage <file>`.',
    '- `quality.json`: what the classifier filter dropped and the evaluation of these batches (below), for scripts.', '',
    '| class | folder | images |', '|---|---|---|',
    ...o.classes.map((c) => `| ${c.name.replace(/\|/g, '\\|')} | ${c.folder} | ${c.count} |`), '',
    ...(o.sections ?? []),
  ].join('\n');
}
