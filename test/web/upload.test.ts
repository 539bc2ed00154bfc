import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../src-main/shared/domain/dataset';
import { openStudio } from '../../src-main/engine/studio';
import type { Studio } from '../../src-main/engine/studio-types';
import { startWebServer, type WebServer } from '../../src-main/web/web-server';
import { png } from '../fixtures/image-folders';
import { useTempDirs, waitFor } from '../helpers/temp-dir';

describe('web mode: upload a folder, then import it', () => {
  const tempDir = useTempDirs();
  let studio: Studio;
  let server: WebServer;
  let base: string;
  let auth: Record<string, string>;

  const call = async (name: string, input: unknown) => {
    const res = await fetch(`${base}/api/call/${name}`, { method: 'POST', headers: auth, body: JSON.stringify(input) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const put = (uploadId: string, rel: string, body: Uint8Array | string, headers = auth) =>
    fetch(`${base}/api/upload/${uploadId}/${rel.split('/').map(encodeURIComponent).join('/')}`, { method: 'PUT', headers, body: body as unknown as BodyInit });

  beforeEach(async () => {
    const renderer = tempDir();
    writeFileSync(join(renderer, 'index.html'), '<!doctype html>');
    studio = await openStudio({ home: tempDir(), face: 'web', scheduler: false });
    server = await startWebServer({ studio, rendererDir: renderer, version: '0' });
    base = `http://127.0.0.1:${server.port}`;
    auth = { Authorization: `Bearer ${server.token}` };
  });
  afterEach(async () => {
    await server.close();
    await studio.close();
  });

  it('stores uploaded files under the home and imports them as a labeled dataset', async () => {
    const created = await call('uploads.create', { name: 'flowers' });
    expect(created.status).toBe(200);
    const { uploadId, folder } = created.body as { uploadId: string; folder: string };
    expect(folder.startsWith(studio.home)).toBe(true);
    for (let i = 0; i < 4; i++) {
      expect((await put(uploadId, `rosé/${i}.png`, png(i))).status).toBe(200);
      expect((await put(uploadId, `tulip bed/nested/${i}.png`, png(10 + i))).status).toBe(200);
    }
    expect((await put(uploadId, 'tulip bed/broken.png', 'not a png')).status).toBe(200);
    const imported = await call('datasets.import', { folder, kind: 'labeled' });
    expect(imported.body).not.toHaveProperty('error');
    expect(imported.status).toBe(200);
    const result = imported.body as unknown as ImportResult;
    expect(result.name).toBe('flowers');
    expect(result.classes).toEqual([
      { name: 'rosé', count: 4 },
      { name: 'tulip bed', count: 4 },
    ]);
    expect(result.skipped).toEqual([expect.objectContaining({ path: 'tulip bed/broken.png' })]);
    const list = await call('datasets.list', {});
    expect((list.body.datasets as unknown[]).length).toBe(1);
  });

  it('refuses uploads without the token, to unknown uploads, or with paths that leave the folder', async () => {
    const { uploadId } = (await call('uploads.create', { name: 'x' })).body as { uploadId: string };
    expect((await put(uploadId, 'a/1.png', png(1), {})).status).toBe(401);
    expect((await put('no-such-upload', 'a/1.png', png(1))).status).toBe(404);
    const traversal = await fetch(`${base}/api/upload/${uploadId}/..%2F..%2Fescape.png`, { method: 'PUT', headers: auth, body: 'x' });
    expect(traversal.status).toBe(400);
    expect(existsSync(join(studio.home, 'uploads', 'escape.png'))).toBe(false);
    expect(existsSync(join(studio.home, 'escape.png'))).toBe(false);
  });

  it('an import while a file is still arriving neither takes nor lists its temporary file', async () => {
    const { uploadId, folder } = (await call('uploads.create', { name: 'busy' })).body as { uploadId: string; folder: string };
    for (let i = 0; i < 2; i++) expect((await put(uploadId, `cats/${i}.png`, png(i))).status).toBe(200);
    const bytes = png(7);
    const { request } = await import('node:http');
    const req = request({ host: '127.0.0.1', port: server.port, method: 'PUT', path: `/api/upload/${uploadId}/cats/late.png`,
      headers: { ...auth, 'Content-Length': String(bytes.length) } });
    const answered = new Promise<number>((resolve) => req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }));
    req.write(bytes.subarray(0, 20));
    await waitFor(() => readdirSync(join(folder, 'cats')).some((n) => n.endsWith('.uploading')), 10_000, 'the temporary file');
    const imported = await call('datasets.import', { folder, kind: 'labeled' });
    expect(imported.status).toBe(200);
    expect((imported.body as unknown as ImportResult).classes).toEqual([{ name: 'cats', count: 2 }]);
    expect(JSON.stringify(imported.body)).not.toMatch(/uploading/);
    req.end(bytes.subarray(20));
    expect(await answered).toBe(200);
  });

  it('imports only from the home and --allow-dir folders in web mode', async () => {
    const outside = tempDir();
    mkdirSync(join(outside, 'cats'));
    writeFileSync(join(outside, 'cats', '1.png'), png(1));
    const refused = await call('datasets.import', { folder: outside, kind: 'labeled' });
    expect(refused.status).toBe(403);
    expect((refused.body.error as { code: string }).code).toBe('forbidden_path');
  });
});
