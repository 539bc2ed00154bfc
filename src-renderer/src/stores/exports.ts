import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ExportInput, ExportResult, ExportSummary } from '@shared/domain/export';
import type { FsRoot } from '@shared/domain/files';
import { tokenLink, useApi, type ClientError } from '../api';
import { showSuccess } from '../utils/notify';
import { orShowError, submitKeepingError } from './store-actions';

/**
 * Exports: writes batches (optionally merged with a dataset's real train split) in the CONTRACT layout. The
 * last result and the last error stay on screen; in web mode the server's "outside the allowed folders"
 * refusal arrives as `error` so the form can show it next to the target field; a finished export can also be
 * downloaded there as one zip.
 */
export const useExportsStore = defineStore('exports', () => {
  const api = useApi();
  const running = ref(false);
  const result = ref<ExportResult | null>(null);
  const error = ref<ClientError | null>(null);
  /** The export history (exports still in place, newest first): from the server, so it survives a reload. */
  const history = ref<ExportSummary[]>([]);
  /** Web mode: the folders the server may write to besides the home (its allowed folders), for the form's hint. */
  const extraRoots = ref<FsRoot[]>([]);

  async function loadHistory(): Promise<void> {
    await orShowError('Export history', async () => {
      history.value = (await api.call('exports.list', {})).exports;
      if (api.face === 'web') extraRoots.value = (await api.call('fs.roots', {})).roots.slice(1);
    });
  }

  /** Runs one export; returns its result, or null with `error` set. */
  function create(input: ExportInput): Promise<ExportResult | null> {
    return submitKeepingError(running, error, async () => {
      result.value = await api.call('exports.create', input);
      showSuccess(`Exported ${result.value.files} files to ${result.value.out}`);
      void loadHistory();
      return result.value;
    });
  }

  /**
   * Web mode: the link that downloads a completed export as one zip (the server zips its folder as it sends).
   * Null on the desktop, where the folder is already on this machine.
   */
  function zipUrl(exportId: string): string | null {
    return api.face === 'web' ? tokenLink(`/api/exports/${encodeURIComponent(exportId)}/zip`) : null;
  }

  /** A deleted export leaves the history (and the last result, if it was that one). */
  function forget(exportId: string): void {
    history.value = history.value.filter((e) => e.exportId !== exportId);
    if (result.value?.exportId === exportId) result.value = null;
  }

  return { running, result, error, history, extraRoots, create, zipUrl, loadHistory, forget };
});
