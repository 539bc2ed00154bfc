import { clientError } from './errors';
import { httpRequest } from './http';
import type { ApiClient } from './types';

/** One file of a picked or dropped folder; `relPath` is relative to that folder, '/'-separated. */
export interface FolderFile {
  file: File;
  relPath: string;
}

/** Progress of an upload: files and bytes sent so far, and an ETA from the byte rate (null until known). */
export interface UploadProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  etaSeconds: number | null;
}

/** How many files travel at once: enough to hide request latency, few enough not to starve the socket. */
const CONCURRENCY = 4;

/** `a/b c/d.png` → `a/b%20c/d.png`: each segment encoded on its own, so '/' stays a separator. */
export function encodeRelPath(rel: string): string {
  return rel.split('/').map(encodeURIComponent).join('/');
}

/**
 * Web mode: copies a folder into the studio home so the server can import it. Asks `uploads.create` for a
 * fresh folder, then PUTs every file to `/api/upload/<uploadId>/<relPath>` (relative to that folder; 4 at once).
 * @returns the server-side folder to hand to `datasets.import`.
 * Rejects with the first failed file's error, or `cancelled` when `signal` aborts (requests in flight stop).
 */
export async function uploadFolder(
  api: ApiClient,
  name: string,
  files: FolderFile[],
  options: { signal: AbortSignal; onProgress: (p: UploadProgress) => void },
): Promise<string> {
  const { uploadId, folder } = await api.call('uploads.create', { name });
  const bytesTotal = files.reduce((n, f) => n + f.file.size, 0);
  const started = performance.now();
  let filesDone = 0;
  let bytesDone = 0;
  let next = 0;
  const report = (): void => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0.3 && bytesDone > 0 ? bytesDone / seconds : 0;
    options.onProgress({ filesDone, filesTotal: files.length, bytesDone, bytesTotal, etaSeconds: rate > 0 ? (bytesTotal - bytesDone) / rate : null });
  };
  report();

  async function worker(): Promise<void> {
    while (next < files.length) {
      if (options.signal.aborted) throw clientError('cancelled', 'Upload cancelled: nothing was imported.');
      const { file, relPath } = files[next++]!;
      await httpRequest(`/api/upload/${encodeURIComponent(uploadId)}/${encodeRelPath(relPath)}`, {
        method: 'PUT',
        body: file,
        signal: options.signal,
      });
      filesDone += 1;
      bytesDone += file.size;
      report();
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, files.length) }, worker));
  return folder;
}
