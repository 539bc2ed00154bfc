import type { HeadersReceivedResponse, OnHeadersReceivedListenerDetails } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';

/** The part of `session.webRequest` the CSP needs; the real WebRequest satisfies it. */
export interface HeaderHook {
  onHeadersReceived(
    listener: (details: OnHeadersReceivedListenerDetails, callback: (response: HeadersReceivedResponse) => void) => void,
  ): void;
}

/**
 * Returns `headers` with our Content-Security-Policy as the only CSP, whatever the server sent
 * (header names compare case-insensitively, so a dev server's `content-security-policy` is replaced too).
 */
export function withCspHeader(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}

/**
 * Injects the CSP into every response the session receives: the Vite dev server in development, and any
 * http(s) response at all. The packaged UI is served by the `app:` protocol, which sets the header itself
 * (see app-protocol.ts), because file:// responses carry no headers for this hook to rewrite.
 */
export function setupCsp(webRequest: HeaderHook): void {
  webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCspHeader(details.responseHeaders) });
  });
}
