import type { DesktopBridge } from '@shared/api/bridge';
import { createDesktopTransport } from './desktop-transport';
import { takeToken } from './token';
import type { ApiClient } from './types';
import { createWsTransport } from './ws-transport';

export type { ApiClient, ConnectionState } from './types';
export { toClientError, isClientError, type ClientError, type ClientErrorCode } from './errors';
export { httpRequest, httpJson, httpUpload, httpBlob, tokenLink } from './http';
export { uploadFolder, encodeRelPath, type FolderFile, type UploadProgress } from './upload-folder';
export { imageUrl } from './image-url';

declare global {
  interface Window {
    /** Present only inside the Electron app (set by the preload). */
    ganStudio?: DesktopBridge;
  }
}

/**
 * The one way the renderer reaches the backend. In Electron the preload's `window.ganStudio` bridge, in a
 * browser a WebSocket to the server that served the page, authenticated by the `?token=` it printed.
 */
export function createApiClient(): ApiClient {
  const bridge = window.ganStudio;
  if (bridge) return createDesktopTransport(bridge);
  return createWsTransport(takeToken());
}

let client: ApiClient | null = null;

/** The app-wide client, created on first use. Only stores call this; components go through stores. */
export function useApi(): ApiClient {
  if (!client) client = createApiClient();
  return client;
}

/** Replaces the app-wide client (tests, or a fake backend). */
export function setApi(next: ApiClient): void {
  client = next;
}

/**
 * Desktop only: the real filesystem path of a dropped or picked File (a dropped folder gives the folder's
 * path), so the main process can import it in place. Null in web mode, where files must be uploaded.
 */
export function pathForFile(file: File): string | null {
  const bridge = window.ganStudio;
  if (!bridge || typeof bridge.pathForFile !== 'function') return null;
  return bridge.pathForFile(file) || null;
}
