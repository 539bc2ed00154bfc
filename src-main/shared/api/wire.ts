import { z } from 'zod';
import { ErrorBodySchema } from './errors';

/** WebSocket frames of the web bridge. Client → server: a call. Server → client: a reply or an event. */
export const WireCallSchema = z.object({
  id: z.number().int().nonnegative(),
  call: z.string().max(100),
  input: z.unknown(),
});
export type WireCall = z.infer<typeof WireCallSchema>;

export const WireReplySchema = z.union([
  z.object({ id: z.number().int(), ok: z.literal(true), output: z.unknown() }),
  z.object({ id: z.number().int(), ok: z.literal(false), error: ErrorBodySchema }),
]);
export type WireReply = z.infer<typeof WireReplySchema>;

export const WireEventSchema = z.object({ event: z.string(), payload: z.unknown() });
export type WireEvent = z.infer<typeof WireEventSchema>;

/**
 * IPC channel spelling of the main process. The sandboxed preload cannot import this module (it builds zod schemas
 * at load time), so preload/names.ts spells the channels again; test/app/preload-bridge.test.ts checks they agree.
 */
export const ipcCallChannel = (name: string): string => `api:call:${name}`;
export const IPC_EVENT_CHANNEL = 'api:event';
