import type { EventName, EventPayload } from '../shared/api/contract';
import type { BackendName } from '../shared/domain/backend';
import type { ImageRef } from '../shared/api/image-ref';
import type { ExportFolder } from './export/export-folder';
import type { ImageFile } from './services/image-files';
import type { ForkWorker } from './jobs/worker-channel';

export type Face = 'desktop' | 'web' | 'cli';

export interface OpenStudioOptions {
  /** The studio home folder (created if missing). */
  home: string;
  face: Face;
  /** Extra folders the UI may read and write (`--allow-dir`), besides the home. */
  allowDirs?: string[];
  /** Force a compute backend (`--backend NAME`). */
  backend?: BackendName;
  /** How to start worker processes; defaults to child_process.fork of the TypeScript worker entry. */
  forkWorker?: ForkWorker;
  /** Prebuilt better-sqlite3 addon (Electron ABI) for the desktop app. */
  sqliteNativeBinding?: string;
  /**
   * Whether this process may become the home's scheduler and run queued jobs (default true).
   * One-shot CLI commands that only read pass false.
   */
  scheduler?: boolean;
  /** Version reported by `app.info`. */
  version?: string;
}

export type StudioEventListener = <K extends EventName>(name: K, payload: EventPayload<K>) => void;

/** The engine behind every face: one dispatcher of the API contract plus its event stream. */
export interface Studio {
  readonly home: string;
  /**
   * Validates `input` against the contract's schema for `name`, runs the handler, returns its output.
   * @throws ApiError `unknown_call` / `bad_input` / the handler's own codes.
   */
  dispatch(name: string, input: unknown): Promise<unknown>;
  onEvent(listener: StudioEventListener): () => void;
  /**
   * Says this face waits for a job (a run it resumes, a batch it queued): a CLI face's scheduler runs it, and it
   * goes back to the queue if whoever runs it ends (crash, hand-over). Jobs enqueued through this face are claimed.
   */
  claimJob(jobId: string): void;
  /**
   * A completed export's folder and its files, for the web mode's zip download (a stream, so not a contract call).
   * @throws ApiError `not_found`, `forbidden_path` (outside this face's folders), `conflict` (the folder changed).
   */
  exportFolder(exportId: string): Promise<ExportFolder>;
  /** The file of a sample, thumbnail or sample grid, for the image route and the `app:` protocol; null when there is none. */
  imageFile(ref: ImageRef): Promise<ImageFile | null>;
  close(): Promise<void>;
}
