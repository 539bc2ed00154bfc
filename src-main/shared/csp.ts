/**
 * The Content-Security-Policy of the studio UI, sent by the web server as a header and by the desktop app
 * through its session. No remote code, no eval; styles inline only because the component library injects them.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  // app://studio: the desktop's images (samples, thumbnails, grids), also while the UI comes from the dev server.
  "img-src 'self' data: blob: app://studio",
  "font-src 'self' data:",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
