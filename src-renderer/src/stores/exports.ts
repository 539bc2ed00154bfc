import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ExportInput, ExportResult } from '@shared/domain/export';
import { toClientError, useApi, type ClientError } from '../api';
import { showSuccess } from '../utils/notify';

/**
 * Exports: writes batches (optionally merged with a dataset's real train split) in the CONTRACT layout. The
 * last result and the last error stay on screen; in web mode the server's "outside the allowed folders"
 * refusal arrives as `error` so the form can show it next to the target field.
 */
export const useExportsStore = defineStore('exports', () => {
  const api = useApi();
  const running = ref(false);
  const result = ref<ExportResult | null>(null);
  const error = ref<ClientError | null>(null);

  /** Runs one export; returns its result, or null with `error` set. */
  async function create(input: ExportInput): Promise<ExportResult | null> {
    running.value = true;
    error.value = null;
    try {
      result.value = await api.call('exports.create', input);
      showSuccess(`Exported ${result.value.files} files to ${result.value.out}`);
      return result.value;
    } catch (err) {
      error.value = toClientError(err);
      return null;
    } finally {
      running.value = false;
    }
  }

  return { running, result, error, create };
});
