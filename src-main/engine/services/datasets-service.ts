import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EventPayload } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { DatasetProgress } from '../../shared/domain/dataset';
import type { Handlers } from '../api/dispatch';
import type { Db } from '../db/database';
import { findVersion } from '../datasets/dataset-repo';
import { getDatasetDetail, listDatasetImages, listDatasets, requireDatasetVersion } from '../datasets/queries';
import type { AllowedRoots } from '../files/allowed-roots';
import type { HomeLayout } from '../home/studio-home';

type DatasetCall =
  | 'datasets.list' | 'datasets.get' | 'datasets.import' | 'datasets.cancelImport' | 'datasets.addFashionMnist'
  | 'datasets.images' | 'datasets.verify' | 'uploads.create';

export interface DatasetServiceDeps {
  db: Db;
  layout: HomeLayout;
  roots: AllowedRoots;
  emitProgress(p: EventPayload<'dataset.progress'>): void;
}

/** Safe folder name for an upload: the dataset name without separators or dots at the start. */
function uploadFolderName(name: string): string {
  const cleaned = name.replace(/[/\\\0:*?"<>|]/g, '_').replace(/^\.+/, '_').trim();
  return cleaned.slice(0, 120) || 'upload';
}

/** API handlers of the datasets domain. Imports run in this process (sharp works off the main thread). */
export function createDatasetHandlers(deps: DatasetServiceDeps): Pick<Handlers, DatasetCall> {
  const { db, layout, roots } = deps;
  const running = new Map<string, AbortController>();

  async function tracked<T>(importId: string | undefined, work: (signal: AbortSignal, onProgress: (p: DatasetProgress) => void) => Promise<T>): Promise<T> {
    const id = importId ?? randomUUID();
    if (running.has(id)) throw new ApiError('conflict', `an import with id ${id} is already running`);
    const controller = new AbortController();
    running.set(id, controller);
    try {
      return await work(controller.signal, (p) => deps.emitProgress({ importId: id, ...p }));
    } catch (err) {
      if (controller.signal.aborted) throw new ApiError('conflict', 'the import was cancelled: nothing was saved');
      throw err;
    } finally {
      running.delete(id);
    }
  }

  return {
    'datasets.list': () => ({ datasets: listDatasets(db) }),
    'datasets.get': ({ ref }) => {
      const detail = getDatasetDetail(db, requireDatasetVersion(db, ref));
      if (!detail) throw new ApiError('not_found', `no dataset ${ref}`);
      return detail;
    },
    'datasets.import': ({ importId, ...options }) =>
      // The importer and its decoders load when an import runs, not when a home opens.
      tracked(importId, async (signal, onProgress) =>
        (await import('../datasets/import-dataset')).importDataset(db, layout.root, {
          ...options, folder: roots.assertAllowed(options.folder), signal, onProgress,
          ...(roots.restricted ? { confine: (real: string) => roots.containsReal(real) } : {}),
        }),
      ),
    'datasets.cancelImport': ({ importId }) => {
      const controller = running.get(importId);
      controller?.abort(new ApiError('conflict', 'the import was cancelled: nothing was saved'));
      return { cancelled: Boolean(controller) };
    },
    'datasets.addFashionMnist': ({ importId, perClass, name }) =>
      tracked(importId, async (signal, onProgress) => (await import('../datasets/fashion-mnist')).addFashionMnistSample(db, layout.root, { perClass, ...(name ? { name } : {}), signal, onProgress })),
    'datasets.images': ({ versionId, className, offset, limit }) => {
      if (!findVersion(db, versionId)) throw new ApiError('not_found', `no dataset version ${versionId}`);
      return listDatasetImages(db, versionId, { ...(className === undefined ? {} : { className }), offset, limit });
    },
    'datasets.verify': async ({ versionId }) => {
      if (!findVersion(db, versionId)) throw new ApiError('not_found', `no dataset version ${versionId}`);
      const readable = roots.restricted ? (p: string, folder: string) => roots.isReadable(p, folder) : undefined;
      return { problems: await (await import('../datasets/verify-files')).verifyDatasetFiles(db, versionId, readable ? { readable } : {}) };
    },
    'uploads.create': ({ name }) => {
      const uploadId = randomUUID();
      const folder = join(layout.uploads, uploadId, uploadFolderName(name));
      mkdirSync(folder, { recursive: true });
      return { uploadId, folder };
    },
  };
}
