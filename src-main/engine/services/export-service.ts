import { ApiError } from '../../shared/api/errors';
import type { Handlers } from '../api/dispatch';
import type { Db } from '../db/database';
import type { ExportFs } from '../export/export-fs';
import { nodeExportFs } from '../export/export-fs';
import { listCurrentExports } from '../export/export-repo';
import { checkExportTarget, homeExportsFolder } from '../export/export-target';
import { planExport } from '../export/plan-export';
import { recoverPendingExports } from '../export/recover-exports';
import { resolveLineage } from '../lineage/lineage';

export interface ExportServiceDeps {
  db: Db;
  home: string;
  app: string;
  /** The export writer's file layer (tests inject failures). */
  fs?: ExportFs;
  onProgress?: (done: number, total: number) => void;
  /** The face's path check (web mode: only the home and --allow-dir); returns the real path. Default: any absolute path. */
  assertPath?: (path: string) => string;
  /** The check of an export's output folder (web mode: strictly inside a root); default `assertPath`. */
  assertOutPath?: (path: string) => string;
  /** The check of every file an export reads, with the folder it was recorded in (web mode); default: none. */
  assertReadPath?: (path: string, registeredFolder: string) => string;
  /** Web mode: messages speak of the form's fields, not of the CLI's flags (a browser user never typed --out). */
  formWords?: boolean;
}

/** The CLI's flags in an export refusal, as the Export form names them. */
export function inFormWords(message: string): string {
  return message
    .replace(/pass --overwrite to replace/g, "tick 'Replace the folder if it exists' to replace")
    .replace(/--overwrite refused:/g, 'Replacing refused:')
    .replace(/--overwrite only replaces/g, 'Replacing only works on')
    .replace(/\(the studio home and --allow-dir folders\)/g, '(the studio home and the folders the server was started with)')
    .replace(/--out /g, 'The target folder ');
}

/** API handlers of exports (plain Node in the calling process) and lineage. */
export function createExportHandlers(deps: ExportServiceDeps): Pick<Handlers, 'exports.create' | 'exports.list' | 'lineage.resolve'> {
  const fs = deps.fs ?? nodeExportFs;
  let busy = false;
  return {
    'exports.create': async (input) => {
      if (busy) throw new ApiError('conflict', 'another export is being written by this studio: wait for it to finish');
      busy = true;
      try {
        const assertOut = deps.assertOutPath ?? deps.assertPath;
        const out = assertOut ? assertOut(input.out) : input.out;
        // Before the target check: settling a crashed --overwrite may put an old export back in place.
        await recoverPendingExports(deps.db, fs);
        const target = await checkExportTarget(deps.db, deps.home, out, input.overwrite, fs);
        const plan = planExport(deps.db, deps.home, input);
        // Imported here: the writer loads sharp, which `lineage` and the listing commands need not wait for.
        const { writeExport } = await import('../export/write-export');
        return await writeExport({
          db: deps.db, plan, out: target.out, exists: target.exists, format: input.format, resolution: input.resolution ?? null,
          ratio: input.ratio ?? null, batchIds: [...new Set(input.batchIds)], app: deps.app, fs, onProgress: deps.onProgress,
          ...(deps.assertReadPath ? { assertReadPath: deps.assertReadPath } : {}),
        });
      } catch (err) {
        if (deps.formWords && err instanceof ApiError) {
          const where = err.code === 'forbidden_path' ? `; exports go into a folder inside ${homeExportsFolder(deps.home)}` : '';
          throw new ApiError(err.code, inFormWords(err.message) + where);
        }
        throw err;
      } finally {
        busy = false;
      }
    },
    'exports.list': () => ({ exports: listCurrentExports(deps.db) }),
    'lineage.resolve': ({ ref }) => resolveLineage(deps.db, /^[0-9a-f]{64}$/i.test(ref) || !deps.assertPath ? ref : deps.assertPath(ref)),
  };
}
