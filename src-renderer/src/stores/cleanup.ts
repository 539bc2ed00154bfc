import { defineStore } from 'pinia';
import type { DeletableKind, DeletePlan } from '@shared/domain/cleanup';
import { useApi } from '../api';
import { showSuccess } from '../utils/notify';
import { formatBytes } from '../utils/format';

/**
 * Cleaning up: what a delete would remove (asked before), the delete itself, and dataset renames. Errors travel
 * to the caller (the delete dialog shows them where the user asked).
 */
export const useCleanupStore = defineStore('cleanup', () => {
  const api = useApi();

  /** What deleting would remove, free and keep, and what blocks it; changes nothing. */
  function plan(kind: DeletableKind, id: string): Promise<DeletePlan> {
    return api.call('cleanup.plan', { kind, id });
  }

  /** Deletes; returns what was freed. */
  async function remove(kind: DeletableKind, id: string): Promise<DeletePlan> {
    const done = await api.call('cleanup.delete', { kind, id });
    showSuccess(`Deleted ${done.name}: ${formatBytes(done.freedBytes)} freed`);
    return done;
  }

  async function renameDataset(dataset: string, name: string): Promise<{ datasetId: string; name: string }> {
    const done = await api.call('datasets.rename', { dataset, name });
    showSuccess(`Renamed to ${done.name}`);
    return done;
  }

  return { plan, remove, renameDataset };
});
