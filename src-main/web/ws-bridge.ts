import type { WebSocket } from 'ws';
import type { EventName } from '../shared/api/contract';
import { toErrorBody } from '../shared/api/errors';
import { WireCallSchema, type WireReply } from '../shared/api/wire';
import type { Studio } from '../engine/studio-types';

const MAX_FRAME_BYTES = 1 << 20;

/**
 * Serves the API contract over one authenticated WebSocket: each `{id, call, input}` frame is dispatched and
 * answered `{id, ok, output | error}`; studio events are pushed as `{event, payload}`. A malformed frame is
 * answered with `bad_input` and id -1; the socket stays open.
 */
export function bridgeSocket(socket: WebSocket, studio: Studio): void {
  const send = (frame: unknown): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  const unsubscribe = studio.onEvent((event: EventName, payload) => send({ event, payload }));
  socket.on('close', unsubscribe);
  socket.on('message', (data, isBinary) => {
    void (async () => {
      const text = isBinary ? '' : data.toString();
      let frame: unknown;
      try {
        if (text.length > MAX_FRAME_BYTES) throw new Error('frame too large');
        frame = JSON.parse(text);
      } catch {
        send({ id: -1, ok: false, error: { code: 'bad_input', message: 'a frame must be JSON {id, call, input}' } } satisfies WireReply);
        return;
      }
      const parsed = WireCallSchema.safeParse(frame);
      if (!parsed.success) {
        const id = typeof (frame as { id?: unknown })?.id === 'number' ? (frame as { id: number }).id : -1;
        send({ id, ok: false, error: { code: 'bad_input', message: 'a frame must be JSON {id, call, input}' } } satisfies WireReply);
        return;
      }
      const { id, call, input } = parsed.data;
      try {
        send({ id, ok: true, output: await studio.dispatch(call, input) } satisfies WireReply);
      } catch (err) {
        send({ id, ok: false, error: toErrorBody(err) } satisfies WireReply);
      }
    })();
  });
}
