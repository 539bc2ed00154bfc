import type { ServerResponse } from 'node:http';
import { ApiError, toErrorBody, type ErrorBody } from '../shared/api/errors';

/** A request body above a limit: answered 413 (its code stays `bad_input`, which clients already match on). */
export class PayloadTooLargeError extends ApiError {
  readonly httpStatus = 413;
  constructor(what: string, limitBytes: number) {
    super('bad_input', `${what} is larger than ${formatBytes(limitBytes)}: send less at once`);
  }
}

function formatBytes(n: number): string {
  return n >= 1 << 20 ? `${n / (1 << 20)} MiB` : `${n} bytes`;
}

/** The HTTP status of an error body (an error may carry its own, e.g. 413). */
export function statusOf(err: unknown, body: ErrorBody = toErrorBody(err)): number {
  const own = (err as { httpStatus?: unknown } | null)?.httpStatus;
  if (typeof own === 'number') return own;
  switch (body.code) {
    case 'bad_input':
    case 'unknown_call':
      return 400;
    case 'unauthorized':
      return 401;
    case 'forbidden_path':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'disk_full':
      return 507;
    default:
      return 500;
  }
}

/**
 * Answers a JSON error, whatever state the response is in: once headers are out (a download that failed
 * half-way) the only honest signal left is to cut the response short, and a second writeHead would throw.
 */
export function sendError(res: ServerResponse, err: unknown, status?: number): void {
  const body = toErrorBody(err);
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  res.writeHead(status ?? statusOf(err, body), { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify({ error: body }));
}
