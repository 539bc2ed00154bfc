import { createHash } from 'node:crypto';
import { mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStudio } from '../../src-main/engine/studio';
import type { Studio } from '../../src-main/engine/studio-types';
import { startWebServer, type WebServer } from '../../src-main/web/web-server';
import { png, put } from '../fixtures/image-folders';
import { useTempDirs } from '../helpers/temp-dir';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw GET: the path goes out exactly as written (fetch would resolve `..` and re-encode it first). */
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('GET /api/image/… (web mode, by reference)', () => {
  const tempDir = useTempDirs();
  let studio: Studio;
  let server: WebServer;
  let home: string;
  let q: string;
  const sample = png(7, 16);
  const sampleSha = sha256(sample);

  beforeEach(async () => {
    home = tempDir();
    studio = await openStudio({ home, face: 'web', scheduler: false });
    server = await startWebServer({ studio, rendererDir: tempDir(), version: '9.9.9' });
    q = `?token=${server.token}`;
    put(home, join('samples', sampleSha.slice(0, 2), `${sampleSha}.png`), sample);
  });
  afterEach(async () => {
    await server.close();
    await studio.close();
  });

  it('serves a content-addressed sample with the token, as an immutable PNG', async () => {
    const r = await get(server.port, `/api/image/sample/${sampleSha}${q}`);
    expect(r.status).toBe(200);
    expect(r.body.equals(sample)).toBe(true);
    expect(r.headers['content-type']).toBe('image/png');
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    // The bearer header works too (the route sits behind the same check as every /api route).
    expect((await get(server.port, `/api/image/sample/${sampleSha}`, { Authorization: `Bearer ${server.token}` })).status).toBe(200);
  });

  it('refuses a request without the token, or with a wrong one, and caches none of it', async () => {
    for (const path of [`/api/image/sample/${sampleSha}`, `/api/image/sample/${sampleSha}?token=${server.token}x`, `/api/image/sample/${sampleSha}?token=`]) {
      const r = await get(server.port, path);
      expect(r.status).toBe(401);
      expect(r.headers['cache-control']).toBe('no-store');
      expect(r.body.includes(sample)).toBe(false);
    }
  });

  it('answers 400 for every malformed segment', async () => {
    const bad = [
      `/api/image/sample/${sampleSha.toUpperCase()}`, `/api/image/sample/${sampleSha.slice(1)}`, `/api/image/sample/${sampleSha}/x`,
      `/api/image/sample/${sampleSha}.png`, `/api/image/blob/${sampleSha}`, '/api/image/grid/run.1/10', '/api/image/grid/abc/1e3',
      '/api/image/grid/abc/-1', '/api/image/grid/abc/010', '/api/image/grid/abc', '/api/image/grid/%2e%2e/10', '/api/image/',
    ];
    for (const path of bad) {
      const r = await get(server.port, `${path}${q}`);
      expect(r.status, path).toBe(400);
      expect(JSON.parse(r.body.toString()).error.code, path).toBe('bad_input');
    }
  });

  it('never serves a file outside the home: encoded traversal, dot segments or a planted symlink', async () => {
    const outside = put(tempDir(), 'secret.png', png(99, 16));
    const outsideSha = sha256(png(99, 16));
    mkdirSync(join(home, 'samples', outsideSha.slice(0, 2)), { recursive: true });
    symlinkSync(outside, join(home, 'samples', outsideSha.slice(0, 2), `${outsideSha}.png`));
    expect((await get(server.port, `/api/image/sample/${outsideSha}${q}`)).status).toBe(404);

    const enc = await get(server.port, `/api/image/grid/..%2F..%2F..%2Fetc/1${q}`);
    expect(enc.status).toBe(400);
    // Dot segments are resolved before routing: this is no image request at all, and nothing of /etc comes back.
    const dots = await get(server.port, `/api/image/sample/../../../../etc/passwd${q}`);
    expect(dots.status).not.toBe(200);
    expect(dots.body.toString()).not.toMatch(/root:/);
  });

  it('answers 404 for a well-formed reference the studio does not have', async () => {
    const missing = sha256(Buffer.from('nothing'));
    expect((await get(server.port, `/api/image/sample/${missing}${q}`)).status).toBe(404);
    expect((await get(server.port, `/api/image/thumb/${missing}${q}`)).status).toBe(404);
    expect((await get(server.port, `/api/image/grid/nosuchrun/100${q}`)).status).toBe(404);
  });

  it('serves a sample grid with an ETag to revalidate (a resumed run may rewrite it), 304 when unchanged', async () => {
    const grid = png(3, 24);
    const file = put(home, join('runs', 'run-1', 'samples', 'step-0000100.png'), grid);
    const r = await get(server.port, `/api/image/grid/run-1/100${q}`);
    expect(r.status).toBe(200);
    expect(r.body.equals(grid)).toBe(true);
    expect(r.headers['cache-control']).toBe('private, no-cache');
    const etag = String(r.headers.etag);
    expect(etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    const again = await get(server.port, `/api/image/grid/run-1/100${q}`, { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    // Rewritten: another ETag, the new bytes.
    writeFileSync(file, png(4, 24));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const changed = await get(server.port, `/api/image/grid/run-1/100${q}`, { 'If-None-Match': etag });
    expect(changed.status).toBe(200);
    expect(changed.body.equals(png(4, 24))).toBe(true);
  });

  it('serves the thumbnail of an imported image by the hash of the original, made on first request', async () => {
    const src = join(home, 'uploads', 'pets'); // web mode imports only from the home (or --allow-dir)
    const img = png(11, 16);
    for (const [i, cls] of ['cat', 'cat', 'dog', 'dog'].entries()) put(src, `${cls}/${i}.png`, i === 0 ? img : png(20 + i, 16));
    await studio.dispatch('datasets.import', { folder: src, kind: 'labeled', name: 'pets' });
    const r = await get(server.port, `/api/image/thumb/${sha256(img)}${q}`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('image/png');
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(r.body.subarray(1, 4).toString()).toBe('PNG');
  });

  it('is gone from the contract: no base64 image calls remain', async () => {
    for (const call of ['runs.sampleImage', 'samples.image', 'datasets.thumbnails']) {
      await expect(studio.dispatch(call, {})).rejects.toMatchObject({ code: 'unknown_call' });
    }
  });
});
