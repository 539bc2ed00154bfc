import { ApiError } from '../../shared/api/errors';
import { resolve } from 'node:path';
import type { ExportResult } from '../../shared/domain/export';
import type { CommandSpec } from '../args';
import { withStudio } from '../open-cli-studio';
import { plural, printResult } from '../output';

/**
 * `gan-studio export <batchId>… --out DIR [--with-real D] [--ratio R] [--format png|jpg] [--resolution R] [--overwrite]`:
 * prints `{out, files, synthetic, real, classes: [{name, folder, count}]}`.
 */
export const exportCommand: CommandSpec = {
  name: 'export',
  summary: 'write batches (optionally merged with real images) as an ImageFolder dataset',
  usage: 'gan-studio export <batchId>… --out DIR [--with-real D] [--ratio R] [--format png|jpg] [--resolution R] [--overwrite] [--json]',
  options: {
    out: { type: 'string' }, 'with-real': { type: 'string' }, ratio: { type: 'string' }, format: { type: 'string' }, resolution: { type: 'string' },
    overwrite: { type: 'boolean' },
  },
  async run(parsed) {
    const batchIds = parsed.positionals;
    if (batchIds.length === 0) throw new ApiError('bad_input', 'usage: gan-studio export <batchId>… --out DIR');
    const out = parsed.values.out;
    if (typeof out !== 'string' || !out) throw new ApiError('bad_input', 'export needs --out DIR (a new or empty folder outside the studio home)');
    const format = parsed.values.format ?? 'png';
    if (format !== 'png' && format !== 'jpg') throw new ApiError('bad_input', `--format must be png or jpg, not '${String(format)}'`);
    const num = (name: string, integer: boolean): number | undefined => {
      const raw = parsed.values[name];
      if (raw === undefined) return undefined;
      const n = Number(raw);
      if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new ApiError('bad_input', `--${name} must be a positive ${integer ? 'whole ' : ''}number, not '${String(raw)}'`);
      return n;
    };
    const ratio = num('ratio', false), resolution = num('resolution', true);
    const withReal = parsed.values['with-real'];
    return withStudio(parsed, async (studio) => {
      const r = (await studio.dispatch('exports.create', {
        batchIds, out: resolve(out), format, overwrite: parsed.values.overwrite === true,
        ...(typeof withReal === 'string' ? { withReal } : {}), ...(ratio !== undefined ? { ratio } : {}), ...(resolution !== undefined ? { resolution } : {}),
      })) as ExportResult;
      return printResult(parsed.json,
        { out: r.out, files: r.files, synthetic: r.synthetic, real: r.real, classes: r.classes.map((c) => ({ name: c.name, folder: c.folder, count: c.count, index: c.index })), exportId: r.exportId },
        () => [`exported ${plural(r.files, 'image')} (${r.synthetic} synthetic, ${r.real} real) to ${r.out}`, ...r.classes.map((c) => `  ${c.index}  ${c.folder}/  ${c.count}  (${c.name})`),
          ...verdictLines(r.evaluation)]);
    });
  },
};

/** Whether the exported samples help, as the README says it: the evaluation's sentence, or how to run one. */
function verdictLines(e: ExportResult['evaluation']): string[] {
  if (!e) return [];
  if (e.evaluationId && e.summary) return [`evaluation ${e.evaluationId}${e.coversAllBatches ? '' : ' (of some of these batches)'}: ${e.summary}`];
  return e.evaluateCommand ? [`not evaluated: does it help? run ${e.evaluateCommand}`] : [];
}
