import { imagePath, type ImageRef } from '@shared/api/image-ref';
import { tokenLink } from './http';

/** Where the desktop app serves images: its own `app:` scheme (src-main/app/app-protocol.ts), reachable only by its pages. */
export const DESKTOP_IMAGE_ORIGIN = 'app://studio';

/**
 * The one way the renderer shows a stored image: a URL for an <img>, never the bytes through a call.
 * - Desktop: `app://studio/api/image/<kind>/…` (absolute, so it works under the dev server's origin too).
 * - Web: `/api/image/<kind>/…?token=…`. An <img> cannot send the `Authorization` header, so the token rides in the
 *   query, checked exactly as the header is (constant-time compare, 401 otherwise). A cookie was the alternative,
 *   but cookies are shared by every port of 127.0.0.1 and would make the token a credential the browser sends on
 *   its own; the query keeps it bound to the URLs this page builds. `Referrer-Policy: no-referrer` keeps it off
 *   other sites, and since the token changes with each `serve`, the immutable cache lives as long as that server.
 */
export function imageUrl(ref: ImageRef): string {
  const path = imagePath(ref);
  return typeof window !== 'undefined' && window.ganStudio ? `${DESKTOP_IMAGE_ORIGIN}${path}` : tokenLink(path);
}
