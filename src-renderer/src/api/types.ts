import type { ApiTransport } from '@shared/api/contract';

/**
 * `connecting`: first attempt under way; `open`: calls flow; `reconnecting`: the socket dropped and a retry
 * is scheduled; `unauthorized`: the server refused the token, no retry until the page is reopened.
 */
/**
 * `restarted`: this page was connected, and the server now refuses its token or has not answered at its address
 * for a while. A server start makes a new token (and, without --port, a new port), so the page cannot get back.
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'unauthorized' | 'restarted';

/** The contract's transport plus what the UI needs to know about the link itself. */
export interface ApiClient extends ApiTransport {
  readonly face: 'desktop' | 'web';
  connection(): ConnectionState;
  /** Called on every state change; returns an unsubscribe function. */
  onConnection(listener: (state: ConnectionState) => void): () => void;
}
