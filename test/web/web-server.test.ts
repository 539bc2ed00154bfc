import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openStudio } from '../../src-main/engine/studio';
import type { Studio } from '../../src-main/engine/studio-types';
import { startWebServer, type WebServer } from '../../src-main/web/web-server';
import { useTempDirs } from '../helpers/temp-dir';

/** A raw request, so the Host and Origin headers are exactly what a test says. */
function rawGet(port: number, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

function nextFrame(ws: WebSocket, match: (f: Record<string, unknown>) => boolean = () => true): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(data.toString()) as Record<string, unknown>;
      if (match(frame)) {
        ws.off('message', onMessage);
        resolve(frame);
      }
    };
    ws.on('message', onMessage);
  });
}

describe('web mode server', () => {
  const tempDir = useTempDirs();
  let studio: Studio;
  let server: WebServer;
  let base: string;

  beforeEach(async () => {
    const renderer = tempDir();
    mkdirSync(join(renderer, 'assets'));
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>GAN Studio</title>');
    writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
    studio = await openStudio({ home: tempDir(), face: 'web', scheduler: false });
    server = await startWebServer({ studio, rendererDir: renderer, version: '9.9.9' });
    base = `http://127.0.0.1:${server.port}`;
  });
  afterEach(async () => {
    await server.close();
    await studio.close();
  });

  it('binds to 127.0.0.1 and prints a URL with the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('answers /api/health 200 with the token (query or bearer) and 401 without or with a wrong one', async () => {
    expect((await fetch(`${base}/api/health?token=${server.token}`)).status).toBe(200);
    expect((await fetch(`${base}/api/health`, { headers: { Authorization: `Bearer ${server.token}` } })).status).toBe(200);
    const missing = await fetch(`${base}/api/health`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: { code: 'unauthorized', message: expect.stringMatching(/token/) } });
    expect((await fetch(`${base}/api/health?token=${server.token}x`)).status).toBe(401);
  });

  it('guards every other /api route with the token too', async () => {
    expect((await fetch(`${base}/api/call/jobs.list`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await fetch(`${base}/api/anything-else`)).status).toBe(401);
    expect((await fetch(`${base}/api/anything-else?token=${server.token}`)).status).toBe(404);
  });

  it('serves calls over HTTP with validation and error codes', async () => {
    const auth = { Authorization: `Bearer ${server.token}` };
    const ok = await fetch(`${base}/api/call/jobs.list`, { method: 'POST', headers: auth, body: '{}' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ jobs: [] });
    const bad = await fetch(`${base}/api/call/jobs.get`, { method: 'POST', headers: auth, body: '{"jobId": 3}' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('bad_input');
    const unknown = await fetch(`${base}/api/call/jobs.nuke`, { method: 'POST', headers: auth, body: '{}' });
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('unknown_call');
    const malformed = await fetch(`${base}/api/call/jobs.list`, { method: 'POST', headers: auth, body: '{nope' });
    expect(malformed.status).toBe(400);
    const outside = await fetch(`${base}/api/call/fs.list`, { method: 'POST', headers: auth, body: JSON.stringify({ path: '/etc' }) });
    expect(outside.status).toBe(403);
    expect(((await outside.json()) as { error: { code: string } }).error.code).toBe('forbidden_path');
  });

  it('refuses other Host headers (DNS rebinding) and cross-origin browser requests', async () => {
    expect(await rawGet(server.port, `/api/health?token=${server.token}`, { Host: 'evil.example:80' })).toBe(403);
    expect(await rawGet(server.port, `/api/health?token=${server.token}`, { Host: `127.0.0.1:${server.port}`, Origin: 'http://evil.example' })).toBe(403);
    expect(await rawGet(server.port, `/api/health?token=${server.token}`, { Host: `localhost:${server.port}` })).toBe(200);
  });

  it('serves the UI with a CSP and never a file outside the build', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await (await fetch(`${base}/assets/app.js`)).text()).toBe('console.log(1)');
    const traversal = await fetch(`${base}/..%2f..%2f..%2fetc%2fpasswd`);
    expect(await traversal.text()).toContain('<title>GAN Studio</title>');
  });

  it('requires the token for the WebSocket and answers calls, malformed frames and unknown calls on it', async () => {
    await expect(openSocket(`ws://127.0.0.1:${server.port}/api/ws`)).rejects.toThrow(/401/);
    await expect(openSocket(`ws://127.0.0.1:${server.port}/api/ws?token=wrong`)).rejects.toThrow(/401/);
    const ws = await openSocket(`ws://127.0.0.1:${server.port}/api/ws?token=${server.token}`);
    try {
      ws.send(JSON.stringify({ id: 1, call: 'jobs.list', input: {} }));
      expect(await nextFrame(ws, (f) => f.id === 1)).toEqual({ id: 1, ok: true, output: { jobs: [] } });
      ws.send('this is not json');
      expect(await nextFrame(ws, (f) => f.id === -1)).toMatchObject({ ok: false, error: { code: 'bad_input' } });
      ws.send(JSON.stringify({ id: 2, call: 'no.such.call', input: {} }));
      expect(await nextFrame(ws, (f) => f.id === 2)).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
      ws.send(JSON.stringify({ id: 3, call: 'jobs.start', input: { kind: 'selftest', params: { steps: -4 } } }));
      expect(await nextFrame(ws, (f) => f.id === 3)).toMatchObject({ ok: false, error: { code: 'bad_input' } });
      // Events reach the socket.
      const event = nextFrame(ws, (f) => f.event === 'job.state');
      ws.send(JSON.stringify({ id: 4, call: 'jobs.start', input: { kind: 'selftest', params: { steps: 1 } } }));
      expect(await event).toMatchObject({ event: 'job.state', payload: { kind: 'selftest', status: 'queued' } });
    } finally {
      ws.close();
    }
  });
});
