import { z } from 'zod';

/**
 * Stable error codes every face reports (CLI `--json` `error.code`, WebSocket replies, IPC rejections).
 * Add codes freely; never rename one: users' scripts match on them.
 */
export const ERROR_CODES = [
  'bad_input',
  'unknown_call',
  'unauthorized',
  'forbidden_path',
  'not_found',
  'conflict',
  'home_invalid',
  'database_newer',
  'database_locked',
  'database_corrupt',
  'backend_unavailable',
  'job_failed',
  'disk_full',
  'checkpoint_corrupt',
  'internal',
] as const;
export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ErrorBodySchema = z.object({ code: ErrorCodeSchema, message: z.string() });
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** An error with a stable code and a message a person can act on. Travels to the UI as `ErrorBody`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message };
  }
}

/** Converts anything thrown into the wire shape, keeping codes of known errors. */
export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof ApiError) return err.toBody();
  if (err && typeof err === 'object' && 'code' in err && 'message' in err) {
    const parsed = ErrorBodySchema.safeParse({ code: (err as { code: unknown }).code, message: (err as { message: unknown }).message });
    if (parsed.success) return parsed.data;
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message };
}
