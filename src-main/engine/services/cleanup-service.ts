import { ApiError } from '../../shared/api/errors';
import type { Handlers } from '../api/dispatch';
import { renameDataset } from '../cleanup/cleanup-repo';
import { deleteItem, planDelete } from '../cleanup/delete-items';
import type { Db } from '../db/database';
import { findDatasetById, findDatasetByName } from '../datasets/dataset-repo';

type CleanupCall = 'cleanup.plan' | 'cleanup.delete' | 'datasets.rename';

/** API handlers of deletes and renames. */
export function createCleanupHandlers(deps: { db: Db; home: string }): Pick<Handlers, CleanupCall> {
  const { db, home } = deps;
  return {
    'cleanup.plan': async ({ kind, id }) => {
      const { paths: _, ...plan } = await planDelete(db, home, kind, id);
      return plan;
    },
    'cleanup.delete': ({ kind, id }) => deleteItem(db, home, kind, id),
    'datasets.rename': ({ dataset, name }) => {
      const d = findDatasetByName(db, dataset) ?? findDatasetById(db, dataset);
      if (!d) throw new ApiError('not_found', `no dataset '${dataset}': list them with 'gan-studio datasets'`);
      if (/[@/\\]/.test(name)) throw new ApiError('bad_input', `a dataset name cannot hold '@', '/' or '\\' ('${name}')`);
      if (!renameDataset(db, d.datasetId, name)) throw new ApiError('conflict', `a dataset is already called '${name}'`);
      return { datasetId: d.datasetId, name };
    },
  };
}
