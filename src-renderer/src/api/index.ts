import type { DesktopBridge } from '@shared/api/bridge';
import { createDesktopTransport } from './desktop-transport';
import { takeToken } from './token';
import type { ApiClient } from './types';
import { createWsTransport } from './ws-transport';

export type { ApiClient, ConnectionState } from './types';
export { toClientError, isClientError, type ClientError, type ClientErrorCode } from './errors';
export { httpRequest, httpJson, httpUpload, httpBlob } from './http';

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
