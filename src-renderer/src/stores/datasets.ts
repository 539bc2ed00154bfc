import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { DatasetDetail, DatasetImage } from '@shared/api/contract-datasets';
import type { DatasetKind, DatasetProgress, DatasetSummary, FileProblem, ImportResult } from '@shared/domain/dataset';
import type { FsRoot } from '@shared/domain/files';
import { pathForFile, toClientError, uploadFolder, useApi, type ClientError, type UploadProgress } from '../api';
import { showError, showSuccess } from '../utils/notify';
import { orShowError } from './store-actions';
import { useServerList } from './use-server-list';
import { useCleanupStore } from './cleanup';
import { folderOfPath, type PickedFolder } from '../utils/read-folder';

/** One import under way. Web mode uploads first (`uploading`), then the server reads the files (`importing`). */
export interface ImportState {
  importId: string;
  /** What is being imported, for the progress card: "cats (labeled)". */
  label: string;
  stage: 'uploading' | 'importing';
  upload: UploadProgress | null;
  progress: DatasetProgress | null;
  cancelling: boolean;
}

/** The outcome of the last import, with the version it replaced (null for a new dataset) to diff against. */
export interface LastImport {
  result: ImportResult;
  previous: DatasetSummary | null;
}

function newImportId(): string {
  return `imp-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Datasets: the list, the selected dataset's detail, imports (upload in web mode, in place on the desktop)
 * with live progress and cancel, and paged images for the grid (their thumbnails are URLs: api/image-url.ts).
 */
export const useDatasetsStore = defineStore('datasets', () => {
  const api = useApi();

  const datasets = ref<DatasetSummary[]>([]);
  const selectedRef = ref<string | null>(null);
  const detail = ref<DatasetDetail | null>(null);
  const detailLoading = ref(false);
  const detailError = ref<ClientError | null>(null);
  const importing = ref<ImportState | null>(null);
  const importError = ref<ClientError | null>(null);
  const lastImport = ref<LastImport | null>(null);
  let uploadAbort: AbortController | null = null;
  /** Web mode: the folders the server may read (for importing a folder already on its disk). */
  const serverRoots = ref<FsRoot[]>([]);

  /** `init()` subscribes to import progress (once) and loads the list. */
  const { loading, loaded, loadError, refresh, init } = useServerList({
    load: async () => {
      datasets.value = (await api.call('datasets.list', {})).datasets;
      if (!selectedRef.value && datasets.value[0]) void select(datasets.value[0].datasetId);
    },
    subscribe: () => api.on('dataset.progress', onProgress),
  });

  const isEmpty = computed(() => loaded.value && datasets.value.length === 0);

  /** Shows a dataset (by id, name or version id); its detail loads in the background. */
  async function select(ref: string): Promise<void> {
    selectedRef.value = ref;
    detailLoading.value = true;
    try {
      const d = await api.call('datasets.get', { ref });
      if (selectedRef.value === ref) {
        detail.value = d;
        detailError.value = null;
      }
    } catch (err) {
      if (selectedRef.value === ref) detailError.value = toClientError(err);
    } finally {
      if (selectedRef.value === ref) detailLoading.value = false;
    }
  }

  function onProgress(p: DatasetProgress & { importId: string }): void {
    const state = importing.value;
    if (!state || state.importId !== p.importId) return;
    state.stage = 'importing';
    state.progress = p;
  }

  /** Runs one import end to end: progress, result panel, list and selection updated, errors shown and kept. */
  async function run(label: string, previousName: string | null, work: (importId: string) => Promise<ImportResult>,
    ownWords: (message: string) => string = (m) => m): Promise<ImportResult | null> {
    if (importing.value) return null;
    const importId = newImportId();
    const previous = datasets.value.find((d) => d.name === previousName) ?? null;
    importing.value = { importId, label, stage: 'importing', upload: null, progress: null, cancelling: false };
    importError.value = null;
    try {
      const result = await work(importId);
      lastImport.value = { result, previous };
      showSuccess(`Imported ${result.count} images into ${result.name}`);
      await refresh();
      await select(result.datasetId);
      return result;
    } catch (err) {
      const raw = toClientError(err);
      // A page has a name field, not the CLI's --name flag.
      const e = { ...raw, message: ownWords(raw.message).replace('pass another --name', 'choose another name') };
      if (importing.value?.cancelling || e.code === 'cancelled') showSuccess('Import cancelled: nothing was saved.');
      else {
        importError.value = e;
        showError(`Import of ${label}`, e);
      }
      return null;
    } finally {
      importing.value = null;
      uploadAbort = null;
    }
  }

  /** Imports a picked or dropped folder: in place on the desktop, uploaded first in web mode. */
  function importFolder(folder: PickedFolder, kind: DatasetKind, name?: string): Promise<ImportResult | null> {
    const datasetName = name?.trim() || folder.name;
    // The server names the upload's temporary folder in its messages; the user knows the folder they picked.
    let uploaded: string | null = null;
    const ownWords = (m: string): string => (uploaded ? m.split(uploaded).join(folder.name) : m);
    return run(`${datasetName} (${kind})`, datasetName, async (importId) => {
      const localPath = folder.probe ? pathForFile(folder.probe.file) : null;
      let path: string;
      if (localPath) {
        path = folderOfPath(localPath, folder.probe!.relPath);
      } else {
        if (folder.files.length === 0) throw { code: 'bad_input', message: `Folder '${folder.name}' has no files to upload (hidden files are left out).` };
        uploadAbort = new AbortController();
        importing.value!.stage = 'uploading';
        path = await uploadFolder(api, datasetName, folder.files, {
          signal: uploadAbort.signal,
          onProgress: (p) => {
            if (importing.value) importing.value.upload = p;
          },
        });
        uploaded = path;
        uploadAbort = null;
        if (importing.value!.cancelling) throw { code: 'cancelled', message: 'Cancelled.' };
        importing.value!.stage = 'importing';
      }
      return api.call('datasets.import', { folder: path, kind, name: datasetName, importId });
    }, ownWords);
  }

  async function loadServerRoots(): Promise<void> {
    const answer = await orShowError('Server folders', () => api.call('fs.roots', {}));
    if (answer) serverRoots.value = answer.roots;
  }

  /** Web mode: imports a folder already on the server's disk by its path (inside the allowed folders). */
  function importServerFolder(path: string, kind: DatasetKind, name?: string): Promise<ImportResult | null> {
    const base = path.replace(/[/\\]+$/, '').split(/[/\\]/).pop() || path;
    const datasetName = name || base;
    return run(`${datasetName} (${kind})`, datasetName, (importId) => api.call('datasets.import', { folder: path, kind, name: datasetName, importId }),
      (m) => m.replace(/\(the studio home and --allow-dir folders\)/, `(${serverRoots.value.map((r) => r.path).join(', ')})`));
  }

  /** Adds N images per class of Debian's Fashion-MNIST as the dataset `fashion-mnist`. */
  function addFashionMnist(perClass: number): Promise<ImportResult | null> {
    return run(`Fashion-MNIST sample (${perClass} per class)`, 'fashion-mnist', (importId) => api.call('datasets.addFashionMnist', { perClass, importId }));
  }

  async function cancelImport(): Promise<void> {
    const state = importing.value;
    if (!state || state.cancelling) return;
    state.cancelling = true;
    if (uploadAbort) {
      uploadAbort.abort();
      return;
    }
    try {
      const { cancelled } = await api.call('datasets.cancelImport', { importId: state.importId });
      // Already finished (or not yet registered): the import runs on, so the button must work again.
      if (!cancelled && importing.value === state) state.cancelling = false;
    } catch (err) {
      if (importing.value === state) state.cancelling = false;
      showError('Cancel import', err);
    }
  }

  /** One page of a version's images (for the grid). Errors travel to the caller. */
  async function fetchImages(versionId: string, className: string | null, offset: number, limit: number): Promise<{ total: number; images: DatasetImage[] }> {
    return api.call('datasets.images', { versionId, offset, limit, ...(className ? { className } : {}) });
  }

  /** Re-hashes a version's files: which changed or vanished since import. Errors are shown and give null. */
  async function verify(versionId: string): Promise<FileProblem[] | null> {
    return (await orShowError('Verify files', () => api.call('datasets.verify', { versionId })))?.problems ?? null;
  }

  /** Renames a dataset; returns null, or the server's refusal (a name taken, a bad character) to show by the field. */
  async function rename(datasetId: string, name: string): Promise<string | null> {
    try {
      await useCleanupStore().renameDataset(datasetId, name);
      await refresh();
      await select(datasetId);
      return null;
    } catch (err) {
      return toClientError(err).message;
    }
  }

  /** A deleted dataset leaves the list; the next one is shown. */
  async function forget(datasetId: string): Promise<void> {
    if (detail.value?.dataset.datasetId === datasetId) {
      detail.value = null;
      selectedRef.value = null;
    }
    await refresh();
  }

  return {
    datasets, loading, loaded, loadError, isEmpty, selectedRef, detail, detailLoading, detailError,
    importing, importError, lastImport, init, refresh, select, importFolder, addFashionMnist, cancelImport,
    fetchImages, verify, rename, forget, serverRoots, loadServerRoots, importServerFolder,
  };
});
