import type { ErrorCode } from '@shared/api/errors';

/**
 * What every rejected call carries, whichever transport served it. The backend's codes plus two the client
 * itself raises: `disconnected` (the socket closed before a reply came), `cancelled` (the user stopped a request
 * the client was making, such as an upload) and `unauthorized` (reused from the contract) when the web token is
 * wrong or missing.
 */
export type ClientErrorCode = ErrorCode | 'disconnected' | 'cancelled';
export interface ClientError {
  code: ClientErrorCode;
  message: string;
}

export function clientError(code: ClientErrorCode, message: string): ClientError {
  return { code, message };
}

/** True for anything shaped like `{code, message}` with string fields. */
export function isClientError(err: unknown): err is ClientError {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as { code?: unknown }).code === 'string' &&
    typeof (err as { message?: unknown }).message === 'string'
  );
}

/**
 * Normalises anything a transport threw into a ClientError. Electron wraps IPC rejections as
 * "Error invoking remote method 'api:call:x': Error: <message>"; the wrapper is noise to a person, so it goes.
 */
export function toClientError(err: unknown): ClientError {
  if (isClientError(err)) return { code: err.code, message: stripIpcPrefix(err.message) };
  if (err instanceof Error) return { code: 'internal', message: stripIpcPrefix(err.message) };
  return { code: 'internal', message: String(err) };
}

function stripIpcPrefix(message: string): string {
  return message.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '');
}
