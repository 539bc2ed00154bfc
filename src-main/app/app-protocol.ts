import { readFile } from 'node:fs/promises';
import { extname, join, normalize, relative, isAbsolute, sep } from 'node:path';
import type { CustomScheme } from 'electron';
import { IMAGE_ROUTE, type ImageRef } from '../shared/api/image-ref';
import { toErrorBody } from '../shared/api/errors';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';
import { findImage, imageHeaders, type ImageFile } from '../engine/services/image-files';

/**
 * The packaged UI is served from `app://studio/…` instead of file://: a file:// page gets no response headers
 * (so no CSP header), shares its origin with every local file, and can fetch any of them. A standard, secure
 * custom scheme gives the UI its own origin, and every response below carries the CSP.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'studio';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** Must be registered before `app` is ready. */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Maps an `app://studio/...` URL to a file inside `rendererDir`, or null when the URL is another host or
 * its path escapes the folder (`..`, encoded or not).
 */
export function resolveAppFile(rendererDir: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const file = normalize(join(rendererDir, pathname === '/' ? 'index.html' : pathname));
  const rel = relative(rendererDir, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) return null;
  return file;
}

/** Finds the file of an image reference (the studio's `imageFile`); null when there is none. */
export type ImageLookup = (ref: ImageRef) => Promise<ImageFile | null>;

/**
 * `app://studio/api/image/…`: the desktop's way to show samples, thumbnails and sample grids by URL, as the web
 * mode's token-checked route does (same paths, same checks, same caching). No token: only this app's own pages
 * reach the `app:` scheme. 400 for a malformed path, 404 when there is no such image, 304 for a matching ETag.
 */
export async function serveAppImage(images: ImageLookup, url: URL, ifNoneMatch: string | null): Promise<Response> {
  const base = { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' };
  try {
    const file = await findImage(images, url.pathname);
    const headers = imageHeaders(file);
    if (ifNoneMatch === headers.ETag) return new Response(null, { status: 304, headers: { ...base, ETag: headers.ETag, 'Cache-Control': headers['Cache-Control']! } });
    return new Response(await readFile(file.path), { status: 200, headers: { ...base, ...headers } });
  } catch (err) {
    const body = toErrorBody(err);
    const status = body.code === 'bad_input' ? 400 : body.code === 'not_found' ? 404 : 500;
    return new Response(JSON.stringify({ error: body }), { status, headers: { ...base, 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } });
  }
}

/** Answers one `app:` request: an image (with `images`), else the file with its type and the CSP, or 404. */
export async function serveAppRequest(rendererDir: string, url: string, images?: ImageLookup, ifNoneMatch: string | null = null): Promise<Response> {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (images && parsed?.host === APP_HOST && parsed.pathname.startsWith(IMAGE_ROUTE)) return serveAppImage(images, parsed, ifNoneMatch);
  const file = resolveAppFile(rendererDir, url);
  const headers = { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' };
  if (!file) return new Response('not found', { status: 404, headers });
  try {
    const body = await readFile(file);
    const type = MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
    return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': type } });
  } catch {
    return new Response('not found', { status: 404, headers });
  }
}

/** The part of `protocol` the UI needs; Electron's Protocol satisfies it. */
export interface ProtocolHandler {
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
}

/**
 * Serves `rendererDir` (out/renderer) under `app://studio/`, and the studio's images under `app://studio/api/image/`
 * once `images` is given (the studio opens after the protocol must exist). Call after `app` is ready.
 */
export function setupAppProtocol(protocol: ProtocolHandler, rendererDir: string, images?: ImageLookup): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererDir, request.url, images, request.headers.get('if-none-match')));
}
