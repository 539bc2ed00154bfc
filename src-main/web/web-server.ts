import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { toErrorBody, type ErrorBody } from '../shared/api/errors';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';
import type { Studio } from '../engine/studio-types';
import { isSameLoopbackOrigin, newToken, requestToken, tokenMatches } from './auth';
import { sendExportZip } from './export-zip-route';
import { sendImage } from './image-route';
import { serveStatic } from './static-files';
import { receiveUpload } from './upload-route';
import { bridgeSocket } from './ws-bridge';

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
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const fail = (res: ServerResponse, status: number, error: ErrorBody): void => json(res, status, { error });

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
        fail(res, 400, { code: 'bad_input', message: `the body must be JSON: ${(err as Error).message}` });
        return;
      }
      try {
        json(res, 200, await options.studio.dispatch(call[1]!, input));
      } catch (err) {
        const body = toErrorBody(err);
        fail(res, statusOf(body.code), body);
      }
      return;
    }
    const upload = /^\/api\/upload\/([\w-]+)\/(.+)$/.exec(path);
    if (upload && req.method === 'PUT') {
      try {
        json(res, 200, { bytes: await receiveUpload(options.studio.home, upload[1]!, upload[2]!, req) });
      } catch (err) {
        const body = toErrorBody(err);
        fail(res, statusOf(body.code), body);
      }
      return;
    }
    if (path.startsWith('/api/image/') && (req.method === 'GET' || req.method === 'HEAD')) {
      await sendImage((ref) => options.studio.imageFile(ref), path, req, res).catch((err: unknown) => fail(res, statusOf(toErrorBody(err).code), toErrorBody(err)));
      return;
    }
    const zip = /^\/api\/exports\/([^/]+)\/zip$/.exec(path);
    if (zip && req.method === 'GET') {
      try {
        await sendExportZip(options.studio, zip[1]!, res);
      } catch (err) {
        const body = toErrorBody(err);
        fail(res, statusOf(body.code), body);
      }
      return;
    }
    fail(res, 404, { code: 'not_found', message: `no API route ${req.method} ${path}` });
  }

  const server = createServer((req, res) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    if (!isSameLoopbackOrigin(req, port)) {
      fail(res, 403, { code: 'unauthorized', message: 'requests must come from this loopback server' });
      return;
    }
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/api' || path.startsWith('/api/')) {
      handleApi(req, res, path).catch((err: unknown) => fail(res, 500, toErrorBody(err)));
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

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path !== '/api/ws' || !isSameLoopbackOrigin(req, port) || !tokenMatches(requestToken(req), token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => bridgeSocket(ws, options.studio));
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

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body larger than 1 MiB'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function statusOf(code: string): number {
  switch (code) {
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
    default:
      return 500;
  }
}
