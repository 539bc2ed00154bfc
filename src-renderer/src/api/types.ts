import type { ApiTransport } from '@shared/api/contract';

/**
 * `connecting`: first attempt under way; `open`: calls flow; `reconnecting`: the socket dropped and a retry
 * is scheduled; `unauthorized`: the server refused the token, no retry until the page is reopened.
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'unauthorized';

/** The contract's transport plus what the UI needs to know about the link itself. */
export interface ApiClient extends ApiTransport {
  readonly face: 'desktop' | 'web';
  connection(): ConnectionState;
  /** Called on every state change; returns an unsubscribe function. */
  onConnection(listener: (state: ConnectionState) => void): () => void;
}
