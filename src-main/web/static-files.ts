import { createReadStream, existsSync, realpathSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/**
 * Serves the built renderer. Paths are normalised and must stay inside `dir`, links included (a link in the build
 * folder to /etc is served as index.html); unknown paths get index.html (the UI routes with a hash, so that only
 * happens for a reload of `/`). A file that fails while being read cuts the response short; it never throws.
 * @returns false when the renderer was never built.
 */
export function serveStatic(dir: string, urlPath: string, res: ServerResponse): boolean {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return false;
  let rel: string;
  try {
    rel = normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, '');
  } catch {
    rel = '';
  }
  let file = join(dir, rel);
  if (!isInside(file, dir) || !isInside(realOrNull(file), realOrNull(dir)) || !statSync(file, { throwIfNoEntry: false })?.isFile()) file = index;
  const isIndex = file === index;
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': isIndex ? 'no-store' : 'public, max-age=31536000, immutable',
  });
  pipeline(createReadStream(file), res).catch(() => res.destroy());
  return true;
}

function realOrNull(p: string): string | null {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}

function isInside(p: string | null, dir: string | null): boolean {
  return p !== null && dir !== null && (p + sep).startsWith(dir + sep);
}
