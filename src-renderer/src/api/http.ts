import { clientError, isClientError } from './errors';
import { storedToken } from './token';

/**
 * Minimal HTTP helpers for the web mode's upload and download routes under `/api/…` (the desktop app reads
 * files through the main process instead). Every request carries `Authorization: Bearer TOKEN`; a non-2xx
 * reply rejects with the server's `{error: {code, message}}` when it sent one.
 */
export async function httpRequest(path: string, init: RequestInit = {}): Promise<Response> {
  if (!path.startsWith('/api/')) throw clientError('bad_input', `HTTP helpers only reach /api/… routes, not "${path}".`);
  const token = storedToken();
  if (!token) throw clientError('unauthorized', 'No access token. Open the URL printed by `gan-studio serve`.');
  const headers = new Headers(init.headers);
  headers.set('Authorization', `Bearer ${token}`);
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers });
  } catch (err) {
    if (init.signal?.aborted) throw clientError('cancelled', 'Cancelled.');
    throw clientError('disconnected', `Could not reach the GAN Studio server: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (res.ok) return res;
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON: fall through to the status line */
  }
  const error = (body as { error?: unknown } | null)?.error;
  if (isClientError(error)) throw { code: error.code, message: error.message };
  throw clientError(res.status === 401 ? 'unauthorized' : 'internal', `${path}: HTTP ${res.status} ${res.statusText}`);
}

/** GET (or any method) returning parsed JSON. */
export async function httpJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  return (await (await httpRequest(path, init)).json()) as T;
}

/** Uploads a file or form (POST by default) and returns the server's JSON reply. */
export function httpUpload<T>(path: string, body: Blob | FormData, method: 'POST' | 'PUT' = 'POST'): Promise<T> {
  return httpJson<T>(path, { method, body });
}

/** Downloads a resource as a Blob (wrap with URL.createObjectURL to show or save it). */
export async function httpBlob(path: string): Promise<Blob> {
  return (await httpRequest(path)).blob();
}

/**
 * A link to an `/api/…` route that the browser follows itself (a download), so it cannot send a header: the token
 * travels as `?token=`, as in the URL the server printed. Without a token the server answers 401 with a reason.
 */
export function tokenLink(path: string): string {
  const token = storedToken();
  return token ? `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}` : path;
}
