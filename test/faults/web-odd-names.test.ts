import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStudio } from '../../src-main/engine/studio';
import type { Studio } from '../../src-main/engine/studio-types';
import type { ImportResult } from '../../src-main/shared/domain/dataset';
import { startWebServer, type WebServer } from '../../src-main/web/web-server';
import { png } from '../fixtures/image-folders';
import { useTempDirs } from '../helpers/temp-dir';

/** Names a file system allows and a browser or a path check may trip on. */
const ODD = ['new\nline.png', 'per%25cent%zz.png', 'hash#and?query.png', ' leading space.png', 'émoji 🐱.png', 'e\u0301-nfd.png', '\u00e9-nfc.png',
  `${'l'.repeat(250)}.png`, '-dash.png', 'back\\slash.png', '..png', 'CON.png'];

/** Odd names in every folder the web face reads: listings, imports, uploads and thumbnails answer, never 500. */
describe('web mode with odd file names', () => {
  const tempDir = useTempDirs();
  let studio: Studio;
  let server: WebServer;
  afterEach(async () => {
    await server?.close();
    await studio?.close();
  });

  async function start(allow: string[]) {
    studio = await openStudio({ home: tempDir(), face: 'web', scheduler: false, allowDirs: allow });
    server = await startWebServer({ studio, rendererDir: tempDir(), version: '0' });
    return async (name: string, input: unknown) => {
      const res = await fetch(`http://127.0.0.1:${server.port}/api/call/${name}`, { method: 'POST', headers: { Authorization: `Bearer ${server.token}` }, body: JSON.stringify(input) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
  }

  it('lists and imports folders of odd names, bytes that are not UTF-8, a FIFO and a 0-byte file', async () => {
    const root = tempDir();
    const data = join(root, 'data');
    for (const [k, cls] of ['plain', 'class #1 %zz', 'ünï cødé', 'new\nline'].entries()) {
      mkdirSync(join(data, cls), { recursive: true });
      ODD.forEach((name, i) => writeFileSync(join(data, cls, name), png(k * 100 + i)));
    }
    // A name that is not valid UTF-8 (Linux allows any bytes), a FIFO, an empty file.
    writeFileSync(Buffer.concat([Buffer.from(join(data, 'plain') + '/bad-'), Buffer.from([0xff, 0xfe]), Buffer.from('.png')]), png(999));
    execFileSync('mkfifo', [join(data, 'plain', 'fifo.png')]);
    writeFileSync(join(data, 'plain', 'empty.png'), '');
    const call = await start([root]);
    for (const dir of ['plain', 'class #1 %zz', 'ünï cødé', 'new\nline']) {
      const listing = await call('fs.list', { path: join(data, dir) });
      expect(listing.status, dir).toBe(200);
    }
    const imported = await call('datasets.import', { folder: data, kind: 'labeled' });
    expect(imported.status, JSON.stringify(imported.body).slice(0, 500)).toBe(200);
    const result = imported.body as unknown as ImportResult;
    // '..png' starts with a dot: a hidden file, ignored quietly like .DS_Store.
    const visible = ODD.length - 1;
    expect(result.classes.map((c) => c.count), JSON.stringify(result.skipped)).toEqual([visible, visible, visible, visible]);
    expect(result.skipped.map((s) => s.code).sort()).toEqual(['empty_file', 'not_a_file', 'unreadable']);
    const { createHash } = await import('node:crypto');
    const thumb = await fetch(`http://127.0.0.1:${server.port}/api/image/thumb/${createHash('sha256').update(png(0)).digest('hex')}?token=${server.token}`);
    expect(thumb.status).toBe(200);
    expect(Buffer.from(await thumb.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
  });

  it('uploads odd names (each segment percent-encoded) and imports them', async () => {
    const call = await start([]);
    const { uploadId, folder } = (await call('uploads.create', { name: 'odd \n name/../..' })).body as { uploadId: string; folder: string };
    for (const [i, name] of ODD.entries()) {
      if (name === '..png' || name.includes('\\')) continue;
      const path = ['class %zz #1', name].map(encodeURIComponent).join('/');
      const res = await fetch(`http://127.0.0.1:${server.port}/api/upload/${uploadId}/${path}`, { method: 'PUT', headers: { Authorization: `Bearer ${server.token}` }, body: png(i) as unknown as BodyInit });
      expect(res.status, name).toBe(200);
    }
    const backslash = await fetch(`http://127.0.0.1:${server.port}/api/upload/${uploadId}/a/${encodeURIComponent('back\\slash.png')}`, { method: 'PUT', headers: { Authorization: `Bearer ${server.token}` }, body: 'x' });
    expect(backslash.status).toBe(400);
    const tooLong = await fetch(`http://127.0.0.1:${server.port}/api/upload/${uploadId}/a/${encodeURIComponent('🐱'.repeat(100))}.png`, { method: 'PUT', headers: { Authorization: `Bearer ${server.token}` }, body: 'x' });
    expect(tooLong.status).toBe(400);
    const imported = await call('datasets.import', { folder, kind: 'labeled' });
    expect(imported.status).toBe(200);
    expect((imported.body as unknown as ImportResult).classes).toEqual([{ name: 'class %zz #1', count: ODD.length - 2 }]);
  });
});
