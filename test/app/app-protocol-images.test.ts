import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serveAppRequest } from '../../src-main/app/app-protocol';
import { openStudio } from '../../src-main/engine/studio';
import type { Studio } from '../../src-main/engine/studio-types';
import { png, put } from '../fixtures/image-folders';
import { useTempDirs } from '../helpers/temp-dir';

describe('app://studio/api/image/… (the desktop serves images by URL too)', () => {
  const tempDir = useTempDirs();
  let studio: Studio;
  let home: string;
  let rendererDir: string;
  const bytes = png(5, 16);
  const sha = createHash('sha256').update(bytes).digest('hex');

  beforeEach(async () => {
    home = tempDir();
    rendererDir = tempDir();
    put(rendererDir, 'index.html', '<!doctype html><title>GAN Studio</title>');
    studio = await openStudio({ home, face: 'desktop', scheduler: false });
    put(home, join('samples', sha.slice(0, 2), `${sha}.png`), bytes);
  });
  afterEach(() => studio.close());

  const images = (ref: Parameters<Studio['imageFile']>[0]) => studio.imageFile(ref);

  it('serves a sample from the studio home with immutable caching and the CSP', async () => {
    const res = await serveAppRequest(rendererDir, `app://studio/api/image/sample/${sha}`, images);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('answers 400 for a malformed path, 404 for an unknown image, 304 for a matching ETag', async () => {
    expect((await serveAppRequest(rendererDir, 'app://studio/api/image/sample/..%2Fstudio.db', images)).status).toBe(400);
    expect((await serveAppRequest(rendererDir, 'app://studio/api/image/grid/a.b/1', images)).status).toBe(400);
    expect((await serveAppRequest(rendererDir, `app://studio/api/image/thumb/${sha}`, images)).status).toBe(404);
    const first = await serveAppRequest(rendererDir, `app://studio/api/image/sample/${sha}`, images);
    const again = await serveAppRequest(rendererDir, `app://studio/api/image/sample/${sha}`, images, first.headers.get('etag'));
    expect(again.status).toBe(304);
  });

  it('still serves the UI files, and no image route without a studio', async () => {
    expect((await serveAppRequest(rendererDir, 'app://studio/index.html', images)).status).toBe(200);
    expect((await serveAppRequest(rendererDir, `app://studio/api/image/sample/${sha}`)).status).toBe(404);
  });
});
