import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** WebSocket opcodes (RFC 6455 §5.2). */
export const OP = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

export interface FrameOptions {
  fin?: boolean;
  /** RSV1-3 bits (0-7); nonzero without a negotiated extension is a protocol error. */
  rsv?: number;
  /** Clients must mask; false sends an unmasked frame. */
  mask?: boolean;
  /** A length to declare instead of the payload's (to announce more than is sent). */
  declaredLength?: number | bigint;
}

/** One WebSocket frame as raw bytes, exactly as described (valid or not). */
export function frame(opcode: number, payload: Buffer | string, o: FrameOptions = {}): Buffer {
  const data = Buffer.isBuffer(payload) ? payload : Buffer.from(payload, 'utf8');
  const mask = o.mask ?? true;
  const len = o.declaredLength ?? data.length;
  const head: number[] = [((o.fin ?? true) ? 0x80 : 0) | ((o.rsv ?? 0) << 4) | opcode];
  let ext = Buffer.alloc(0);
  if (typeof len === 'bigint' || len > 0xffff) {
    head.push((mask ? 0x80 : 0) | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(BigInt(len));
  } else if (len > 125) {
    head.push((mask ? 0x80 : 0) | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(len);
  } else head.push((mask ? 0x80 : 0) | len);
  if (!mask) return Buffer.concat([Buffer.from(head), ext, data]);
  const key = randomBytes(4);
  const masked = Buffer.from(data);
  for (let i = 0; i < masked.length; i++) masked[i]! ^= key[i % 4]!;
  return Buffer.concat([Buffer.from(head), ext, key, masked]);
}

export interface RawWs {
  socket: Socket;
  /** Text frames the server sent so far, parsed as JSON. */
  messages: Record<string, unknown>[];
  /** The close code the server sent (null until it sends one). */
  closeCode(): number | null;
  /** Resolves when the TCP connection is closed (by either side). */
  closed: Promise<void>;
  send(bytes: Buffer): void;
  /** The first message matching `match`, waiting up to `ms`. */
  next(match: (m: Record<string, unknown>) => boolean, ms?: number): Promise<Record<string, unknown>>;
}

/**
 * A WebSocket client that speaks the handshake by hand and then writes whatever bytes a test gives it: the
 * only way to send frames a correct client library refuses to produce. Parses the server's unmasked frames.
 */
export function rawWs(port: number, token: string): Promise<RawWs> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    const messages: Record<string, unknown>[] = [];
    let closeCode: number | null = null;
    let buf = Buffer.alloc(0);
    let upgraded = false;
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    const waiters = new Set<() => void>();
    // Chunks are joined only once a whole frame is there: joining on every chunk costs O(n²) on multi-MB frames.
    const pending: Buffer[] = [];
    let pendingBytes = 0;
    let needed = 0;
    socket.on('data', (chunk: Buffer) => {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (upgraded && buf.length + pendingBytes < needed) return;
      buf = Buffer.concat([buf, ...pending.splice(0)]);
      pendingBytes = 0;
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString();
        buf = buf.subarray(end + 4);
        if (!head.startsWith('HTTP/1.1 101')) return reject(new Error(`no upgrade: ${head.split('\r\n')[0]}`));
        upgraded = true;
        resolve(api);
      }
      for (;;) {
        if (buf.length < 2) break;
        let len = buf[1]! & 0x7f;
        let off = 2;
        // The extended length may itself be split across TCP chunks: wait for all of its bytes.
        if (len === 126) {
          if (buf.length < 4) break;
          [len, off] = [buf.readUInt16BE(2), 4];
        } else if (len === 127) {
          if (buf.length < 10) break;
          [len, off] = [Number(buf.readBigUInt64BE(2)), 10];
        }
        if (buf.length < off + len) {
          needed = off + len;
          break;
        }
        needed = 0;
        const op = buf[0]! & 0x0f;
        const payload = buf.subarray(off, off + len);
        buf = buf.subarray(off + len);
        if (op === OP.text) messages.push(JSON.parse(payload.toString()) as Record<string, unknown>);
        if (op === OP.close) closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
      }
      for (const w of waiters) w();
    });
    socket.once('close', () => {
      for (const w of waiters) w();
      if (!upgraded) reject(new Error('closed before the upgrade'));
    });
    const api: RawWs = {
      socket, messages, closed, closeCode: () => closeCode,
      send: (bytes) => void socket.write(bytes),
      next: (match, ms = 10_000) =>
        new Promise((res, rej) => {
          const check = (): void => {
            const found = messages.find(match);
            if (found) {
              waiters.delete(check);
              clearTimeout(timer);
              res(found);
            } else if (socket.destroyed) {
              waiters.delete(check);
              clearTimeout(timer);
              rej(new Error('the socket closed before the message came'));
            }
          };
          const timer = setTimeout(() => {
            waiters.delete(check);
            rej(new Error(`no matching message in ${ms} ms`));
          }, ms);
          waiters.add(check);
          check();
        }),
    };
    socket.once('connect', () => {
      socket.write(
        `GET /api/ws?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
  });
}

/** Writes raw bytes as an HTTP client and returns the status line's code (0 when the server closed without one). */
export function rawHttp(port: number, bytes: string | Buffer, ms = 10_000): Promise<{ status: number; text: string; reset: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let reset = false;
    const timer = setTimeout(() => socket.destroy(), ms);
    socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
    socket.on('error', () => (reset = true));
    socket.once('connect', () => socket.write(bytes));
    socket.once('close', () => {
      clearTimeout(timer);
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : 0, text, reset });
    });
    // Responses that keep the connection alive: end our side once the head and body have arrived.
    socket.on('data', () => {
      if (/\r\n\r\n/.test(text) && (/content-length: 0/i.test(text) || /\}$/.test(text) || /^HTTP\/1\.1 101/.test(text))) socket.end();
    });
  });
}
