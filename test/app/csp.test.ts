import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HeadersReceivedResponse, OnHeadersReceivedListenerDetails, Protocol, WebRequest } from 'electron';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src-main/shared/csp';
import { type ProtocolHandler, APP_INDEX_URL, APP_SCHEME_PRIVILEGES, resolveAppFile, serveAppRequest, setupAppProtocol } from '../../src-main/app/app-protocol';
import { type HeaderHook, setupCsp, withCspHeader } from '../../src-main/app/csp';

const _realWebRequest: HeaderHook = null as unknown as WebRequest;
const _realProtocol: ProtocolHandler = null as unknown as Protocol;

describe('setupCsp (session.webRequest.onHeadersReceived)', () => {
  it('injects our CSP into every response, replacing any the server sent', () => {
    let hook: ((d: OnHeadersReceivedListenerDetails, cb: (r: HeadersReceivedResponse) => void) => void) | null = null;
    const webRequest: HeaderHook = { onHeadersReceived: (listener) => (hook = listener) };
    setupCsp(webRequest);
    let response: HeadersReceivedResponse | null = null;
    hook!(
      {
        responseHeaders: { 'content-type': ['text/html'], 'content-security-policy': ["script-src * 'unsafe-eval'"] },
      } as unknown as OnHeadersReceivedListenerDetails,
      (r) => (response = r),
    );
    expect(response!.responseHeaders).toEqual({ 'content-type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });

  it('adds the header when the response had none', () => {
    expect(withCspHeader(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});

describe('app: protocol (the packaged UI, instead of file://)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gan-app-protocol-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>GAN Studio</title>');
  writeFileSync(join(dir, 'assets', 'main.js'), 'console.log(1)');

  it('is a standard secure scheme', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } });
  });

  it('serves files under the renderer folder with the CSP header', async () => {
    let handler: ((r: Request) => Response | Promise<Response>) | null = null;
    setupAppProtocol({ handle: (_scheme, h) => (handler = h) }, dir);
    const page = await handler!(new Request(APP_INDEX_URL));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('GAN Studio');
    const js = await serveAppRequest(dir, 'app://studio/assets/main.js');
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('refuses paths outside the folder and other hosts, still with the CSP', async () => {
    // The URL parser already folds plain `..` segments into the folder: the file stays inside it.
    expect(resolveAppFile(dir, 'app://studio/../../etc/passwd')).toBe(join(dir, 'etc', 'passwd'));
    expect(resolveAppFile(dir, 'app://studio/%2e%2e/%2e%2e/etc/passwd')).toBe(join(dir, 'etc', 'passwd'));
    // An encoded slash survives the parser, so resolveAppFile must refuse it itself.
    for (const url of [ 'app://studio/assets/..%2f..%2f..%2fetc%2fpasswd', 'app://other/index.html', 'file:///etc/passwd']) {
      expect(resolveAppFile(dir, url), url).toBeNull();
    }
    const res = await serveAppRequest(dir, 'app://studio/%2e%2e/secret');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await serveAppRequest(dir, 'app://studio/missing.js')).status).toBe(404);
  });
});
