import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../src-main/engine/compute/resolve-backend';
import { openStudio } from '../../src-main/engine/studio';
import type { Studio } from '../../src-main/engine/studio-types';
import type { ExportResult } from '../../src-main/shared/domain/export';
import { archiveName, attachmentHeader } from '../../src-main/web/export-zip-route';
import { startWebServer, type WebServer } from '../../src-main/web/web-server';
import { setupGenerationHome } from '../engine/generation/generation-fixture';
import { useTempDirs, waitFor } from '../helpers/temp-dir';

/** Every file under `dir`, relative and '/'-separated. */
function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]);
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Python's zipfile: each entry's name and compression method (0 stored, 8 deflated), as an independent reader. */
function zipInfo(zip: string): [string, number][] {
  const script = 'import json, sys, zipfile; print(json.dumps([[i.filename, i.compress_type] for i in zipfile.ZipFile(sys.argv[1]).infolist()]))';
  return JSON.parse(execFileSync('python3', ['-c', script, zip], { encoding: 'utf8' })) as [string, number][];
}

function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

describe('web mode: a completed export downloads as one zip', () => {
  const tempDir = useTempDirs();
  let root: string;
  let exportRoot: string;
  let studio: Studio;
  let server: WebServer;
  let base: string;
  let batchId: string;
  let exported: ExportResult;

  const call = async (name: string, input: unknown) => {
    const res = await fetch(`${base}/api/call/${name}`, { method: 'POST', headers: { Authorization: `Bearer ${server.token}` }, body: JSON.stringify(input) });
    const body = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${name}: ${JSON.stringify(body)}`);
    return body;
  };
  const zipUrl = (exportId: string, token: string | null = server.token): string =>
    `${base}/api/exports/${exportId}/zip${token ? `?token=${token}` : ''}`;

  beforeAll(async () => {
    await resolveBackend({ force: 'wasm' });
    // Not tempDir(): those go after each test, these serve them all.
    root = mkdtempSync(join(tmpdir(), 'gs-export-zip-'));
    // 3 classes × 40 generated (no training: seeded weights), made through the engine; the export goes through the server.
    const h = await setupGenerationHome(root);
    batchId = (await h.generate({ perClass: 40 })).batchId;
    h.db.close();
    // Exports never go inside the home: the only folder besides it that this server may write is --allow-dir.
    exportRoot = join(root, 'exports');
    mkdirSync(exportRoot);
    studio = await openStudio({ home: h.home, face: 'web', scheduler: false, allowDirs: [exportRoot] });
    server = await startWebServer({ studio, rendererDir: join(root, 'renderer'), version: '0' });
    base = `http://127.0.0.1:${server.port}`;
    exported = (await call('exports.create', { batchIds: [batchId], out: join(exportRoot, 'my set é'), withReal: 'shapes' })) as unknown as ExportResult;
    expect(exported.files).toBe(120 + 24);
  });
  afterAll(async () => {
    await server?.close();
    await studio?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('streams every exported file with the same bytes under one top folder: images stored, text deflated', async () => {
    const res = await fetch(zipUrl(exported.exportId));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="my set _.zip"; filename*=UTF-8''my%20set%20%C3%A9.zip`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const zip = join(tempDir(), 'download.zip');
    writeFileSync(zip, Buffer.from(await res.arrayBuffer()));

    const onDisk = walk(exported.out).sort();
    expect(onDisk).toEqual(expect.arrayContaining(['metadata.jsonl', 'provenance.csv', 'classes.json', 'README.md']));
    const entries = zipInfo(zip);
    expect(entries.map(([n]) => n).sort()).toEqual(onDisk.map((f) => `my set é/${f}`));
    for (const [name, method] of entries) expect([name, method]).toEqual([name, /\.png$/.test(name) ? 0 : 8]);

    const unzipped = tempDir();
    execFileSync('python3', ['-m', 'zipfile', '-e', zip, unzipped]);
    const top = join(unzipped, 'my set é');
    const rows = readFileSync(join(top, 'metadata.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { file_name: string; sha256: string });
    expect(rows).toHaveLength(exported.files);
    for (const r of rows) expect(sha256(readFileSync(join(top, r.file_name)))).toBe(r.sha256);
    for (const f of ['metadata.jsonl', 'provenance.csv', 'classes.json', 'README.md']) {
      expect(readFileSync(join(top, f)).equals(readFileSync(join(exported.out, f)))).toBe(true);
    }
  });

  it('needs the token, and answers 404 JSON for an unknown id and 400 for a malformed one', async () => {
    const missing = await fetch(zipUrl(exported.exportId, null));
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect((await fetch(zipUrl(exported.exportId, `${server.token}x`))).status).toBe(401);
    const bearer = await fetch(zipUrl(exported.exportId, null), { headers: { Authorization: `Bearer ${server.token}` } });
    expect(bearer.status).toBe(200);
    await bearer.arrayBuffer();

    const unknown = await fetch(zipUrl('00000000-0000-4000-8000-000000000000'));
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/json');
    expect(await unknown.json()).toEqual({ error: { code: 'not_found', message: expect.stringMatching(/no export 0{8}-/) } });
    expect((await fetch(zipUrl('bad%20id!'))).status).toBe(400);
    expect((await fetch(`${base}/api/exports/${exported.exportId}/zip?token=${server.token}`, { method: 'POST' })).status).toBe(404);
  });

  it('a client that goes away mid-download stops the reading: no file left open, the server keeps answering', async () => {
    const before = openFds();
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(zipUrl(exported.exportId), (res) => {
        res.once('data', () => {
          req.destroy();
          resolve(res.statusCode);
        });
      });
      req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
      req.end();
    });
    expect(status).toBe(200);
    await waitFor(() => openFds() <= before, 5_000, 'the export files to be closed');
    const again = await fetch(zipUrl(exported.exportId));
    expect(again.status).toBe(200);
    expect((await again.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });

  it('a folder replaced by a later export or moved away answers 404, one changed since 409, each with the reason', async () => {
    const out = join(exportRoot, 'again');
    const first = (await call('exports.create', { batchIds: [batchId], out })) as unknown as ExportResult;
    const second = (await call('exports.create', { batchIds: [batchId], out, overwrite: true })) as unknown as ExportResult;
    const replaced = await fetch(zipUrl(first.exportId));
    expect(replaced.status).toBe(404);
    expect(await replaced.json()).toMatchObject({ error: { message: expect.stringMatching(/replaced by a later export/) } });

    const cls = second.classes[0]!.folder;
    writeFileSync(join(out, cls, 'added-later.png'), 'not from this export');
    const changed = await fetch(zipUrl(second.exportId));
    expect(changed.status).toBe(409);
    expect(await changed.json()).toMatchObject({ error: { code: 'conflict', message: expect.stringMatching(/no longer holds export .*120 images expected in its class folders, 121 found/) } });
    rmSync(join(out, cls, 'added-later.png'));
    const whole = await fetch(zipUrl(second.exportId));
    expect(whole.status).toBe(200);
    await whole.arrayBuffer();

    renameSync(out, `${out}-moved`);
    const gone = await fetch(zipUrl(second.exportId));
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ error: { code: 'not_found', message: expect.stringMatching(/is gone: .* moved or deleted/) } });
  });

  it('names are safe: no separators or dot-only names as the top folder, RFC 5987 for the rest', () => {
    expect(archiveName('/x/..')).toBe('export');
    expect(archiveName('/x/a\\b:c')).toBe('a_b_c');
    expect(attachmentHeader('it\'s "x".zip')).toBe(`attachment; filename="it's _x_.zip"; filename*=UTF-8''it%27s%20%22x%22.zip`);
  });
});
