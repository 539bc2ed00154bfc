import type { RawData, WebSocket } from 'ws';
import type { EventName } from '../shared/api/contract';
import { toErrorBody, type ErrorBody } from '../shared/api/errors';
import { WireCallSchema, type WireReply } from '../shared/api/wire';
import type { Studio } from '../engine/studio-types';

/** Largest frame the bridge takes; the WebSocketServer's maxPayload closes the socket (1009) above it. */
export const MAX_FRAME_BYTES = 1 << 20;
/** Calls one socket may have in flight: a client that floods the socket gets `conflict` replies, not memory growth. */
const MAX_IN_FLIGHT = 256;
/** Replies and events queued for a client that does not read them: past this, that client is cut off. */
export const MAX_BUFFERED_BYTES = 16 << 20;

const badFrame = (id: number, message: string): WireReply => ({ id, ok: false, error: { code: 'bad_input', message } });
const SHAPE = 'a frame must be a JSON text {"id": <integer ≥ 0>, "call": "<name>", "input": {…}}';

/**
 * Serves the API contract over one authenticated WebSocket: each `{id, call, input}` frame is dispatched and
 * answered `{id, ok, output | error}`; studio events are pushed as `{event, payload}`.
 * Nothing a client sends can end the process: frames the protocol layer refuses (over the size limit, invalid
 * UTF-8, unmasked, bad opcodes) make `ws` close that one socket with a close code and emit `error`, which is
 * handled here (an unhandled `error` event would throw and stop `serve` with every job it runs); every other
 * frame is validated and a bad one answered with `bad_input` (id -1 when it carries no usable id), the socket
 * staying open. A failed send or a reply that cannot be encoded is dropped for this socket only; a client that
 * leaves more than MAX_BUFFERED_BYTES unread is disconnected.
 */
export function bridgeSocket(socket: WebSocket, studio: Studio): void {
  let inFlight = 0;
  const send = (frame: unknown): void => {
    if (socket.readyState !== socket.OPEN) return;
    let text: string;
    try {
      text = JSON.stringify(frame);
    } catch (err) {
      // An output that cannot be encoded (a cycle, a BigInt): the caller still gets an answer.
      const id = (frame as { id?: unknown }).id;
      if (typeof id !== 'number') return;
      text = JSON.stringify({ id, ok: false, error: toErrorBody(err) } satisfies WireReply);
    }
    // A client that stopped reading would otherwise make this process buffer every reply and event for it.
    if (socket.bufferedAmount + text.length > MAX_BUFFERED_BYTES) {
      socket.terminate();
      return;
    }
    // The callback form never throws: a socket that closed meanwhile only loses this frame.
    socket.send(text, () => undefined);
  };
  // Events go to every socket from one loop in the studio: a throw here would skip the other sockets' listeners.
  const unsubscribe = studio.onEvent((event: EventName, payload) => {
    try {
      send({ event, payload });
    } catch {
      // this socket is going away
    }
  });
  socket.on('close', unsubscribe);
  socket.on('error', () => {
    // `ws` has already failed the connection with the right close code (1002, 1007, 1009); 'close' follows.
    unsubscribe();
  });
  socket.on('message', (data, isBinary) => {
    void answer(data, isBinary).catch(() => undefined);
  });

  async function answer(data: RawData, isBinary: boolean): Promise<void> {
    if (isBinary) return send(badFrame(-1, `binary frames are not accepted: ${SHAPE}`));
    const bytes = rawLength(data);
    if (bytes > MAX_FRAME_BYTES) return send(badFrame(-1, `the frame is ${bytes} bytes, above the ${MAX_FRAME_BYTES} byte limit`));
    let frame: unknown;
    try {
      frame = JSON.parse(rawText(data));
    } catch {
      return send(badFrame(-1, `the frame is not JSON: ${SHAPE}`));
    }
    const parsed = WireCallSchema.safeParse(frame);
    if (!parsed.success) {
      const id = (frame as { id?: unknown } | null)?.id;
      const usableId = typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : -1;
      return send(badFrame(usableId, SHAPE));
    }
    const { id, call, input } = parsed.data;
    if (inFlight >= MAX_IN_FLIGHT) {
      return send({ id, ok: false, error: { code: 'conflict', message: `more than ${MAX_IN_FLIGHT} calls in flight on this socket: wait for replies` } });
    }
    inFlight++;
    try {
      send({ id, ok: true, output: await studio.dispatch(call, input) } satisfies WireReply);
    } catch (err) {
      const error: ErrorBody = toErrorBody(err);
      send({ id, ok: false, error } satisfies WireReply);
    } finally {
      inFlight--;
    }
  }
}

function rawLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8');
}
