import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { ApiError, type ErrorBody } from '../shared/api/errors';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';
import type { Studio } from '../engine/studio-types';
import { isSameLoopbackOrigin, newToken, requestToken, requestUrl, tokenMatches } from './auth';
import { sendExportZip } from './export-zip-route';
import { sendImage } from './image-route';
import { PayloadTooLargeError, sendError } from './http-errors';
import { serveStatic } from './static-files';
import { receiveUpload } from './upload-route';
import { bridgeSocket, MAX_FRAME_BYTES } from './ws-bridge';

export interface WebServerOptions {
  studio: Studio;
  /** 0 picks a free port. */
  port?: number;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Fixed token (tests); a random one per start otherwise. */
  token?: string;
  version: string;
}

export interface WebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1 << 20;
const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  // The page URL carries the token: never send it to anyone in a Referer.
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/**
 * The web mode: the built UI plus the API contract on 127.0.0.1 only. Every `/api/…` route and the socket
 * need the token (`?token=` or `Authorization: Bearer`); `GET /api/health` answers 200 with it and 401 without.
 * `GET /api/exports/<exportId>/zip` downloads a completed export as one zip (a link, so `?token=`).
 * `GET /api/image/…` serves samples, thumbnails and sample grids by reference (image-route.ts; an <img>, so `?token=`).
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? newToken();
  let port = options.port ?? 0;

  const json = (res: ServerResponse, status: number, body: unknown): void => {
    const text = JSON.stringify(body); // before writeHead: an output that cannot be encoded still gets an error answer
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(text);
  };
  const fail = (res: ServerResponse, status: number, error: ErrorBody): void => sendError(res, error, status);

  async function handleApi(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (!tokenMatches(requestToken(req), token)) {
      fail(res, 401, { code: 'unauthorized', message: 'missing or wrong token: open the URL printed by gan-studio serve' });
      return;
    }
    if (path === '/api/health' && req.method === 'GET') {
      json(res, 200, { ok: true, version: options.version });
      return;
    }
    const call = /^\/api\/call\/([\w.]+)$/.exec(path);
    if (call && req.method === 'POST') {
      let input: unknown;
      try {
        input = JSON.parse((await readBody(req)) || '{}');
      } catch (err) {
        if (err instanceof ApiError) sendError(res, err);
        else fail(res, 400, { code: 'bad_input', message: `the body must be JSON: ${(err as Error).message}` });
        return;
      }
      json(res, 200, await options.studio.dispatch(call[1]!, input));
      return;
    }
    const upload = /^\/api\/upload\/([\w-]+)\/(.+)$/.exec(path);
    if (upload && req.method === 'PUT') {
      json(res, 200, { bytes: await receiveUpload(options.studio.home, upload[1]!, upload[2]!, req) });
      return;
    }
    if (path.startsWith('/api/image/') && (req.method === 'GET' || req.method === 'HEAD')) {
      await sendImage((ref) => options.studio.imageFile(ref), path, req, res);
      return;
    }
    const zip = /^\/api\/exports\/([^/]+)\/zip$/.exec(path);
    if (zip && req.method === 'GET') {
      await sendExportZip(options.studio, zip[1]!, res);
      return;
    }
    fail(res, 404, { code: 'not_found', message: `no API route ${req.method} ${path.slice(0, 200)}` });
  }

  const server = createServer((req, res) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    // A request whose body fails (the client went away) must not become an unhandled 'error' event.
    req.on('error', () => undefined);
    if (!isSameLoopbackOrigin(req, port)) {
      fail(res, 403, { code: 'unauthorized', message: 'requests must come from this loopback server' });
      return;
    }
    const url = requestUrl(req);
    if (!url) {
      fail(res, 400, { code: 'bad_input', message: 'the request target is not a valid URL path' });
      return;
    }
    const path = url.pathname;
    if (path === '/api' || path.startsWith('/api/')) {
      // Every route's failure, thrown or rejected, becomes one JSON error answer (or a cut-short download).
      handleApi(req, res, path).catch((err: unknown) => sendError(res, err));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      fail(res, 405, { code: 'bad_input', message: 'only GET for UI files' });
      return;
    }
    if (!serveStatic(options.rendererDir, path, res)) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('The GAN Studio UI is not built: run `npm run build` (or start with `npm run web`). The API works.\n');
    }
  });

  // maxPayload: `ws` fails a connection whose frame (or message) is larger, with close code 1009.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  wss.on('error', () => undefined);
  server.on('upgrade', (req, socket, head) => {
    // A client that resets during the handshake emits 'error' on this raw socket: unhandled, it would end serve.
    socket.on('error', () => socket.destroy());
    const path = requestUrl(req)?.pathname;
    if (path !== '/api/ws' || !isSameLoopbackOrigin(req, port) || !tokenMatches(requestToken(req), token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    try {
      wss.handleUpgrade(req, socket, head, (ws) => bridgeSocket(ws, options.studio));
    } catch {
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The body as text, at most MAX_BODY_BYTES. Above it, rejects with PayloadTooLargeError (413) at once and stops
 * keeping the bytes: the response goes out and Node reads and drops the rest of the body, so the client sees the
 * 413 instead of a reset connection.
 */
function readBody(req: IncomingMessage): Promise<string> {
  const tooLarge = new PayloadTooLargeError('the request body', MAX_BODY_BYTES);
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return Promise.reject(tooLarge);
  return new Promise((resolve, reject) => {
    let size = 0;
    let chunks: Buffer[] | null = [];
    req.on('data', (c: Buffer) => {
      if (!chunks) return;
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        chunks = null;
        reject(tooLarge);
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => chunks && resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
