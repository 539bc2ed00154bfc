import { mkdirSync, readdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../src-main/engine/compute/resolve-backend';
import { openStudio } from '../../src-main/engine/studio';
import type { Studio } from '../../src-main/engine/studio-types';
import type { ImportResult } from '../../src-main/shared/domain/dataset';
import { startWebServer, type WebServer } from '../../src-main/web/web-server';
import { png } from '../fixtures/image-folders';
import { setupGenerationHome } from '../engine/generation/generation-fixture';
import { useTempDirs } from '../helpers/temp-dir';

/**
 * Symbolic links at several depths inside the folders web mode may use, leading to files and folders outside
 * (another folder of this machine, /etc): every route of the web face refuses to follow them, and says so
 * without naming what lies behind them. The CLI face still follows them (its user owns the machine).
 */
describe('web mode never follows a link out of its allowed folders', () => {
  const tempDir = useTempDirs();
  const open: { studio: Studio; server?: WebServer }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0)) {
      await o.server?.close();
      await o.studio.close();
    }
  });

  /** An allowed folder `root` with real images and links out at depths 1-3, and an outside folder of images. */
  function layout() {
    const home = tempDir();
    const root = tempDir();
    const outside = tempDir();
    mkdirSync(join(outside, 'cats'));
    for (let i = 0; i < 3; i++) writeFileSync(join(outside, 'cats', `secret${i}.png`), png(100 + i));
    writeFileSync(join(outside, 'secret.txt'), 'top secret');
    const data = join(root, 'data');
    for (const c of ['cat', 'dog']) {
      mkdirSync(join(data, c, 'sub', 'deeper'), { recursive: true });
      for (let i = 0; i < 3; i++) writeFileSync(join(data, c, `${i}.png`), png(i + (c === 'cat' ? 0 : 10)));
    }
    symlinkSync(join(outside, 'cats', 'secret0.png'), join(data, 'cat', 'leak1.png')); // depth 2: a file
    symlinkSync(join(outside, 'cats', 'secret1.png'), join(data, 'cat', 'sub', 'leak2.png')); // depth 3
    symlinkSync(join(outside, 'cats', 'secret2.png'), join(data, 'dog', 'sub', 'deeper', 'leak3.png')); // depth 4
    symlinkSync(join(outside, 'cats'), join(data, 'dog', 'sub', 'cats-link')); // a folder
    symlinkSync('/etc', join(data, 'dog', 'etc-link')); // a system folder
    symlinkSync(join(outside, 'cats'), join(data, 'linked-class')); // a whole class folder
    writeFileSync(join(root, 'extra.png'), png(50));
    symlinkSync(join(root, 'extra.png'), join(data, 'dog', 'inside-link.png')); // inside the allowed folder: followed
    symlinkSync(join(root, 'nowhere'), join(data, 'dog', 'broken.png'));
    symlinkSync('/etc', join(root, 'etc')); // depth 1
    symlinkSync(outside, join(root, 'out'));
    mkdirSync(join(root, 'a', 'b'), { recursive: true });
    symlinkSync('/etc', join(root, 'a', 'b', 'etc')); // depth 3
    symlinkSync(join(root, 'missing-target'), join(root, 'dangling'));
    symlinkSync(join(root, 'loop2'), join(root, 'loop1'));
    symlinkSync(join(root, 'loop1'), join(root, 'loop2'));
    return { home, root, outside, data };
  }

  async function web(home: string, allow: string[], rendererDir = tempDir()) {
    const studio = await openStudio({ home, face: 'web', scheduler: false, allowDirs: allow });
    const server = await startWebServer({ studio, rendererDir, version: '0' });
    open.push({ studio, server });
    const call = async (name: string, input: unknown) => {
      const res = await fetch(`http://127.0.0.1:${server.port}/api/call/${name}`, { method: 'POST', headers: { Authorization: `Bearer ${server.token}` }, body: JSON.stringify(input) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
    };
    return { studio, server, call };
  }

  it('fs.list refuses links out at depth 1 and 3, broken links and loops; listings show no link', async () => {
    const { home, root, data } = layout();
    const { call } = await web(home, [root]);
    for (const p of [join(root, 'etc'), join(root, 'a', 'b', 'etc'), join(root, 'etc', 'ssh'), join(root, 'out', 'cats'), join(root, 'dangling'),
      join(root, 'dangling', 'x'), join(root, 'loop1'), join(data, 'dog', 'sub', 'cats-link'), join(data, 'linked-class')]) {
      const r = await call('fs.list', { path: p });
      expect(r.status, p).toBe(403);
      expect(r.body.error?.code).toBe('forbidden_path');
      expect(JSON.stringify(r.body)).not.toMatch(/passwd|hostname|secret/);
    }
    const listing = await call('fs.list', { path: root });
    expect(listing.status).toBe(200);
    expect((listing.body.entries as { name: string }[]).map((e) => e.name)).toEqual(['a', 'data', 'extra.png']);
    const inside = await call('fs.list', { path: join(data, 'dog') });
    expect((inside.body.entries as { name: string }[]).map((e) => e.name)).toEqual(['sub', '0.png', '1.png', '2.png']);
  });

  it('datasets.import skips every link that leads out (files, folders, a class folder, /etc) as link_outside, naming no target', async () => {
    const { home, root, data } = layout();
    const { call } = await web(home, [root]);
    const r = await call('datasets.import', { folder: data, kind: 'labeled' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const result = r.body as unknown as ImportResult;
    expect(result.classes).toEqual([{ name: 'cat', count: 3 }, { name: 'dog', count: 4 }]); // dog/inside-link.png is inside
    const skipped = Object.fromEntries(result.skipped.map((s) => [s.path, s.code]));
    expect(skipped).toMatchObject({
      'cat/leak1.png': 'link_outside', 'cat/sub/leak2.png': 'link_outside', 'dog/sub/deeper/leak3.png': 'link_outside',
      'dog/sub/cats-link': 'link_outside', 'dog/etc-link': 'link_outside', 'linked-class': 'link_outside',
    });
    expect(JSON.stringify(r.body)).not.toMatch(/passwd|hostname|secret\d|"\/etc/);
    // The folder itself through a link: refused before anything is read.
    for (const folder of [join(root, 'out', 'cats'), join(root, 'etc'), join(root, 'a', 'b', 'etc')]) {
      expect((await call('datasets.import', { folder, kind: 'domain' })).body.error?.code).toBe('forbidden_path');
    }
  });

  it('thumbnails never read a file through a link out, even of a dataset the CLI imported (the CLI follows links)', async () => {
    const { home, root, outside } = layout();
    const solo = join(root, 'solo');
    mkdirSync(join(solo, 'a'), { recursive: true });
    writeFileSync(join(solo, 'a', 'own.png'), png(1));
    writeFileSync(join(outside, 'only-outside.png'), png(200));
    symlinkSync(join(outside, 'only-outside.png'), join(solo, 'a', 'leak.png'));
    // The CLI face follows the link: the outside file is part of its version.
    const cli = await openStudio({ home, face: 'cli', scheduler: false });
    const imported = (await cli.dispatch('datasets.import', { folder: solo, kind: 'labeled', name: 'cli-set' })) as ImportResult;
    expect(imported.classes).toEqual([{ name: 'a', count: 2 }]);
    await cli.close();
    const { call, server } = await web(home, [root]);
    const { createHash } = await import('node:crypto');
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    const thumb = (hash: string) => fetch(`http://127.0.0.1:${server.port}/api/image/thumb/${hash}?token=${server.token}`);
    expect((await thumb(sha(png(1)))).status).toBe(200);
    // The outside file is known to the version (the CLI followed the link), but web mode never reads it.
    expect((await thumb(sha(png(200)))).status).toBe(404);
    const verified = await call('datasets.verify', { versionId: imported.versionId });
    expect(verified.body).toEqual({ problems: [{ path: 'a/leak.png', code: 'unreadable', reason: expect.stringMatching(/link out of its dataset folder/) }] });
  });

  it("exports read a dataset's files only inside its own folder: a file swapped for a link out is refused before anything is written", async () => {
    await resolveBackend({ force: 'wasm' });
    const top = tempDir();
    const h = await setupGenerationHome(top); // 'shapes' imported from top/shapes, outside every allowed folder
    const batch = await h.generate({ perClass: 1 });
    h.db.close();
    const exportsDir = tempDir();
    const { call } = await web(h.home, [exportsDir]);
    // A dataset imported by the CLI from its own folder: readable inside that folder.
    const ok = await call('exports.create', { batchIds: [batch.batchId], out: join(exportsDir, 'ok'), withReal: 'shapes' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    // One of its files replaced by a link to the same bytes elsewhere: refused, nothing written.
    const cls = readdirSync(h.folder).sort()[0]!;
    const file = readdirSync(join(h.folder, cls)).sort()[0]!;
    const elsewhere = join(tempDir(), file);
    renameSync(join(h.folder, cls, file), elsewhere);
    symlinkSync(elsewhere, join(h.folder, cls, file));
    const refused = await call('exports.create', { batchIds: [batch.batchId], out: join(exportsDir, 'refused'), withReal: 'shapes' });
    expect(refused.status, JSON.stringify(refused.body)).toBe(403);
    expect(refused.body.error?.message).toMatch(/outside its dataset's folder/);
    expect(readdirSync(exportsDir)).toEqual(['ok']);
  });

  it('exports never write through a link: outputs in a linked folder, a broken link or at a root are refused', async () => {
    const { home, root } = layout();
    const { call } = await web(home, [root]);
    for (const out of [join(root, 'out', 'new-export'), join(root, 'etc', 'x'), join(root, 'a', 'b', 'etc', 'x'), join(root, 'dangling'), join(root, 'dangling', 'x'), root]) {
      const r = await call('exports.create', { batchIds: ['b'], out });
      expect(r.status, out).toBe(403);
      expect(r.body.error?.code).toBe('forbidden_path');
    }
    expect((await call('lineage.resolve', { ref: join(root, 'out', 'secret.txt') })).body.error?.code).toBe('forbidden_path');
  });

  it('uploads never write through a link placed in the upload folder; static files never serve a link out', async () => {
    const { home, outside } = layout();
    const renderer = tempDir();
    writeFileSync(join(renderer, 'index.html'), '<title>GAN Studio</title>');
    mkdirSync(join(renderer, 'assets'));
    symlinkSync('/etc', join(renderer, 'assets', 'etc'));
    symlinkSync(join(outside, 'secret.txt'), join(renderer, 'leak.txt'));
    const { call, server } = await web(home, [], renderer);
    const { uploadId, folder } = (await call('uploads.create', { name: 'up' })).body as { uploadId: string; folder: string };
    symlinkSync(join(outside, 'cats'), join(folder, 'cats'));
    const put = await fetch(`http://127.0.0.1:${server.port}/api/upload/${uploadId}/cats/new.png`, { method: 'PUT', headers: { Authorization: `Bearer ${server.token}` }, body: 'x' });
    expect(put.status).toBe(403);
    expect(readdirSync(join(outside, 'cats')).sort()).toEqual(['secret0.png', 'secret1.png', 'secret2.png']);
    for (const path of ['/leak.txt', '/assets/etc/passwd', '/assets/etc/hostname', '/assets/%2e%2e/leak.txt']) {
      const res = await fetch(`http://127.0.0.1:${server.port}${path}`);
      expect(await res.text(), path).toBe('<title>GAN Studio</title>');
    }
  });
});
