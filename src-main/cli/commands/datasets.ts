import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { DatasetDetail } from '../../shared/api/contract-datasets';
import { ApiError } from '../../shared/api/errors';
import type { DatasetSummary, ImportResult } from '../../shared/domain/dataset';
import { onePositional, type CommandSpec } from '../args';
import { withStudio } from '../open-cli-studio';
import { readCommand } from '../read-command';
import { EXIT, plural, printResult } from '../output';
import { createProgressLine, formatEta } from '../progress-line';

/** CONTRACT fields of `datasets` / `dataset`. */
const contractFields = (d: DatasetSummary) => ({ datasetId: d.datasetId, name: d.name, kind: d.kind, versionId: d.versionId, count: d.count, classes: d.classes });

/** One dataset in the `datasets` table. */
const line = (d: DatasetSummary): string =>
  `${d.name.padEnd(24)} ${d.kind.padEnd(8)} ${plural(d.count, 'image').padStart(14)}  ${plural(d.classes.length, 'class', 'classes').padEnd(11)} ${d.versionId}`;

/** `gan-studio import <folder> --kind labeled|domain [--name NAME]`. Ctrl-C cancels; nothing is saved then. */
export const importCommand: CommandSpec = {
  name: 'import',
  summary: 'import a folder of images (one subfolder per class, or one domain) as a dataset version',
  usage: 'gan-studio import <folder> --kind labeled|domain [--name NAME] [--max-file-mb N] [--json]',
  options: { kind: { type: 'string' }, name: { type: 'string' }, 'max-file-mb': { type: 'string' } },
  run: (parsed) => {
    // Bad usage is refused before the home opens: opening would create it.
    const folder = onePositional(parsed, 'import takes exactly one folder: gan-studio import <folder> --kind labeled|domain');
    const kind = parsed.values.kind;
    if (kind !== 'labeled' && kind !== 'domain') throw new ApiError('bad_input', '--kind must be labeled (one subfolder per class) or domain (unlabeled images)');
    const maxMb = parsed.values['max-file-mb'];
    const maxFileBytes = maxMb === undefined ? undefined : Math.round(Number(maxMb) * 1024 * 1024);
    if (maxFileBytes !== undefined && !(maxFileBytes > 0)) throw new ApiError('bad_input', '--max-file-mb must be a positive number');
    return withStudio(parsed, async (studio) => {
      const importId = randomUUID();
      const bar = createProgressLine('importing');
      const off = studio.onEvent((name, payload) => {
        if (name !== 'dataset.progress') return;
        const p = payload as { importId: string; done: number; total: number; etaSeconds: number | null; phase: string };
        if (p.importId === importId) bar.update(p.done, p.total, `${p.phase} ${formatEta(p.etaSeconds)}`);
      });
      const cancel = () => void studio.dispatch('datasets.cancelImport', { importId });
      process.once('SIGINT', cancel);
      try {
        const result = (await studio.dispatch('datasets.import', {
          importId,
          folder: resolve(folder),
          kind,
          ...(typeof parsed.values.name === 'string' ? { name: parsed.values.name } : {}),
          ...(maxFileBytes ? { maxFileBytes } : {}),
        })) as ImportResult;
        bar.done();
        return printResult(parsed.json, result, () => importLines(result));
      } catch (err) {
        bar.done();
        if ((err as ApiError).message?.includes('cancelled')) {
          process.stderr.write('gan-studio: import cancelled: nothing was saved\n');
          return EXIT.interrupted;
        }
        throw err;
      } finally {
        off();
        process.off('SIGINT', cancel);
      }
    });
  },
};

function importLines(r: ImportResult): string[] {
  const diff = r.diff.added + r.diff.removed + r.diff.changed === 0 ? 'unchanged' : `+${r.diff.added} −${r.diff.removed} ~${r.diff.changed}`;
  return [
    `${r.name} version ${r.versionId}: ${plural(r.count, 'image')} in ${plural(r.classes.length, 'class', 'classes')} (${diff})`,
    ...r.classes.map((c) => `  ${c.name.padEnd(24)} ${c.count}`),
    ...(r.emptyClasses.length ? [`empty class folders: ${r.emptyClasses.join(', ')}`] : []),
    ...(r.skipped.length ? [`skipped ${plural(r.skipped.length, 'file')}:`, ...r.skipped.map((s) => `  ${s.path}  [${s.code}] ${s.reason}`)] : []),
  ];
}

/** `gan-studio datasets`: every dataset at its latest version. */
export const datasetsCommand = readCommand({
  name: 'datasets',
  summary: 'list the datasets of the studio home',
  usage: 'gan-studio datasets [--json]',
  options: {},
  input: () => ({}),
  read: async (studio, input) => ((await studio.dispatch('datasets.list', input)) as { datasets: DatasetSummary[] }).datasets,
  json: (datasets) => datasets.map(contractFields),
  lines: (datasets) => (datasets.length ? datasets.map(line) : ['No datasets yet: gan-studio import <folder> --kind labeled']),
});

/** `gan-studio dataset NAME[@VERSION]`. */
export const datasetCommand = readCommand({
  name: 'dataset',
  summary: 'show one dataset (NAME, NAME@VERSION or an id)',
  usage: 'gan-studio dataset <NAME[@VERSION]> [--json]',
  options: {},
  input: (parsed) => ({ ref: onePositional(parsed, 'dataset takes one NAME, NAME@VERSION or id') }),
  read: async (studio, input) => (await studio.dispatch('datasets.get', input)) as DatasetDetail,
  json: ({ dataset, versions, skipped, emptyClasses }) => ({ ...contractFields(dataset), versions, skipped, emptyClasses }),
  lines: ({ dataset: d, versions }) => [
    `${d.name} (${d.kind}) version ${d.versionNumber} ${d.versionId}: ${plural(d.count, 'image')}, from ${d.sourceFolder}`,
    ...d.classes.map((c) => `  ${c.name.padEnd(24)} ${c.count}`),
    `split: ${d.split.train} train / ${d.split.holdout} holdout (seed ${d.split.seed})`,
    `versions: ${versions.map((v) => `${v.versionNumber}${v.latest ? '*' : ''}`).join(' ')}`,
  ],
});
