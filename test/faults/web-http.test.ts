import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawHttp } from './raw-ws';
import { startServe, type ServeProcess } from './serve-process';

/**
 * Hostile and malformed HTTP requests against a real `gan-studio serve`: each gets an answer with a fitting
 * status (never a 500 for a client's mistake, never a reset where a status can be sent, never an absolute
 * server path in the message), and the process keeps serving.
 */
describe('serve answers hostile HTTP requests and keeps serving', () => {
  let home: string;
  let serve: ServeProcess;
  let base: string;
  let auth: Record<string, string>;
  let uploadId: string;

  const host = () => `127.0.0.1:${serve.port}`;
  const raw = (head: string, body = '', ms?: number) => rawHttp(serve.port, `${head.replace('HOST', host())}\r\n\r\n${body}`, ms);

  async function assertServing(): Promise<void> {
    expect(serve.alive(), serve.stderr()).toBe(true);
    expect((await fetch(`${base}/api/health`, { headers: auth })).status).toBe(200);
  }

  async function put(path: string, body: string | Uint8Array, headers: Record<string, string> = {}) {
    const res = await fetch(`${base}/api/upload/${uploadId}/${path}`, { method: 'PUT', headers: { ...auth, ...headers }, body: body as unknown as BodyInit });
    return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string }; bytes?: number } };
  }

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'gan-faults-http-'));
    serve = await startServe(home);
    base = `http://127.0.0.1:${serve.port}`;
    auth = { Authorization: `Bearer ${serve.token}` };
    const created = await fetch(`${base}/api/call/uploads.create`, { method: 'POST', headers: auth, body: '{"name":"up"}' });
    uploadId = ((await created.json()) as { uploadId: string }).uploadId;
  }, 60_000);
  afterAll(async () => {
    await serve?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  const targets: [string, string, number][] = [
    ['an absolute-form target that is no URL', 'GET http://[ HTTP/1.1\r\nHost: HOST\r\nConnection: close', 400],
    ['an absolute-form API target that is no URL', 'GET http://[/api/health HTTP/1.1\r\nHost: HOST\r\nConnection: close', 400],
    ['an upgrade to a target that is no URL', 'GET http://[ HTTP/1.1\r\nHost: HOST\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\nSec-WebSocket-Version: 13', 401],
    ['an upgrade with a wrong WebSocket version', 'GET /api/ws?token=TOKEN HTTP/1.1\r\nHost: HOST\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\nSec-WebSocket-Version: 99', 400],
    ['an upgrade with no key', 'GET /api/ws?token=TOKEN HTTP/1.1\r\nHost: HOST\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13', 400],
    ['a garbage request line', 'HELLO\x01 THERE', 400],
    ['a negative Content-Length', 'POST /api/call/jobs.list HTTP/1.1\r\nHost: HOST\r\nContent-Length: -1', 400],
    ['two different Content-Lengths', 'POST /api/call/jobs.list HTTP/1.1\r\nHost: HOST\r\nContent-Length: 2\r\nContent-Length: 3', 400],
    ['headers over 16 KiB', `GET / HTTP/1.1\r\nHost: HOST\r\nX-Big: ${'a'.repeat(20_000)}`, 431],
    ['no Host header (Node refuses HTTP/1.1 without one)', 'GET /api/health?token=TOKEN HTTP/1.1\r\nConnection: close', 400],
    ['no Host header in HTTP/1.0', 'GET /api/health?token=TOKEN HTTP/1.0\r\nConnection: close', 403],
    ['a Host of another name', 'GET /api/health?token=TOKEN HTTP/1.1\r\nHost: evil.example\r\nConnection: close', 403],
    ['an unknown API route', 'DELETE /api/call/jobs.list?token=TOKEN HTTP/1.1\r\nHost: HOST\r\nConnection: close', 404],
    ['a POST of UI files', 'POST /index.html HTTP/1.1\r\nHost: HOST\r\nContent-Length: 0\r\nConnection: close', 405],
    ['an export id with a malformed escape', 'GET /api/exports/%zz/zip?token=TOKEN HTTP/1.1\r\nHost: HOST\r\nConnection: close', 400],
    ['an export id that does not exist', 'GET /api/exports/nope/zip?token=TOKEN HTTP/1.1\r\nHost: HOST\r\nConnection: close', 404],
  ];
  for (const [name, head, status] of targets) {
    it(`answers ${status} to ${name}`, async () => {
      const res = await raw(head.replace('TOKEN', serve.token));
      expect(res.status, res.text.slice(0, 300)).toBe(status);
      await assertServing();
    });
  }

  it('answers 413 (not a reset) to call bodies over 1 MiB, declared or chunked, and stays usable on the same connection', async () => {
    const big = '{"x":"' + 'a'.repeat(2 << 20) + '"}';
    const declared = await fetch(`${base}/api/call/jobs.list`, { method: 'POST', headers: auth, body: big });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: { code: string } }).error.code).toBe('bad_input');
    // Chunked: the size is known only while reading.
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: serve.port, method: 'POST', path: '/api/call/jobs.list', headers: auth }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 40; i++) req.write('a'.repeat(64 * 1024));
      req.end();
    });
    expect(chunked).toBe(413);
    const exactly = await fetch(`${base}/api/call/jobs.list`, { method: 'POST', headers: auth, body: '{}' + ' '.repeat((1 << 20) - 2) });
    expect(exactly.status).toBe(200);
    await assertServing();
  });

  it('answers bad bodies of calls with 400: not JSON, JSON of the wrong type, a cut-off body', async () => {
    for (const body of ['{nope', '[]', 'null', '5', '"x"', '{"path": {"$gt": ""}}', '\u0000']) {
      const res = await fetch(`${base}/api/call/fs.list`, { method: 'POST', headers: auth, body });
      expect(res.status, body).toBe(400);
    }
    const cut = await raw(`POST /api/call/jobs.list?token=${serve.token} HTTP/1.1\r\nHost: HOST\r\nContent-Length: 100`, '{"a":', 1500);
    expect(cut.status).toBe(0); // the server waits for the rest; the client gave up: no answer, no crash
    await assertServing();
  });

  it('answers hostile path inputs of every path-taking call with 4xx, never 500', async () => {
    const paths = ['/tmp/\u0000/x', 'relative/path', '/..', `/${'a/'.repeat(2000)}`, '/proc/self/root/etc', '\\\\server\\share', '/dev/zero'];
    for (const path of paths) {
      for (const [name, input] of [['fs.list', { path }], ['datasets.import', { folder: path, kind: 'labeled' }],
        ['exports.create', { batchIds: ['b'], out: path }], ['lineage.resolve', { ref: path }]] as const) {
        const res = await fetch(`${base}/api/call/${name}`, { method: 'POST', headers: auth, body: JSON.stringify(input) });
        expect(res.status, `${name} ${path.slice(0, 40)}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${name} ${path.slice(0, 40)}`).toBeLessThan(500);
      }
    }
    await assertServing();
  });

  it('uploads: a malformed %-escape is 400, paths through files or onto folders are 409 without server paths', async () => {
    expect((await put('cats/1.png', 'x')).status).toBe(200);
    for (const path of ['cats/%zz.png', '%E0%A4%A.png', 'cats/%', '%C0%AF/x.png']) {
      const res = await put(path, 'x');
      expect(res.status, path).toBe(400);
      expect(res.body.error?.code).toBe('bad_input');
    }
    const ontoFolder = await put('cats', 'x');
    expect(ontoFolder.status, JSON.stringify(ontoFolder.body)).toBe(409);
    const throughFile = await put('cats/1.png/inner.png', 'x');
    expect(throughFile.status, JSON.stringify(throughFile.body)).toBe(409);
    for (const r of [ontoFolder, throughFile]) {
      expect(r.body.error?.code).toBe('conflict');
      expect(r.body.error?.message).not.toContain(home);
      expect(r.body.error?.message).not.toMatch(/uploading|\/tmp\//);
    }
    const tooLarge = await raw(`PUT /api/upload/${uploadId}/cats/big.png?token=${serve.token} HTTP/1.1\r\nHost: HOST\r\nContent-Length: ${300 * 1024 * 1024}\r\nConnection: close`, 'x'.repeat(1000));
    expect(tooLarge.status).toBe(413);
    await assertServing();
  });

  it('survives 200 connections opened at once and clients that vanish mid-request', async () => {
    const all = await Promise.all(Array.from({ length: 200 }, () => fetch(`${base}/api/health`, { headers: auth }).then((r) => r.status)));
    expect(all.every((s) => s === 200)).toBe(true);
    const { connect } = await import('node:net');
    for (let i = 0; i < 20; i++) {
      const s = connect(serve.port, '127.0.0.1');
      s.on('error', () => undefined);
      s.write(`PUT /api/upload/${uploadId}/cats/v${i}.png?token=${serve.token} HTTP/1.1\r\nHost: ${host()}\r\nContent-Length: 100000\r\n\r\nabc`);
      setTimeout(() => s.resetAndDestroy(), 20);
    }
    await new Promise((r) => setTimeout(r, 300));
    await assertServing();
  });
});
