import type {
  App,
  Event,
  HandlerDetails,
  Session,
  WebContents,
  WebContentsWillNavigateEventParams,
  WebContentsWillRedirectEventParams,
  WindowOpenHandlerResponse,
} from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  type ContentsSource,
  type GuardedContents,
  type PermissionHooks,
  denyAllPermissions,
  guardContents,
  isOwnUrl,
  isSafeExternalUrl,
  setupSecurity,
} from '../../src-main/app/security';

// Compile-time: Electron's real objects satisfy the interfaces the fakes below implement.
const _realContents: GuardedContents = null as unknown as WebContents;
const _realSession: PermissionHooks = null as unknown as Session;
const _realApp: ContentsSource = null as unknown as App;

const OWN = 'app://studio/index.html';

type Listener = (...args: never[]) => void;
/** A typed fake WebContents: records listeners and the window-open handler. */
function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | null = null;
  const contents: GuardedContents = {
    on(event: string, listener: Listener) {
      listeners.set(event, listener);
      return contents;
    },
    setWindowOpenHandler(handler) {
      openHandler = handler;
    },
  };
  return {
    contents,
    emit: (name: string, event: unknown) => (listeners.get(name) as ((e: unknown) => void) | undefined)?.(event),
    open: (url: string) => openHandler!({ url, frameName: '', features: '', disposition: 'foreground-tab', referrer: { url: '', policy: 'default' } }),
    has: (name: string) => listeners.has(name),
  };
}

function navEvent(url: string): Event<WebContentsWillNavigateEventParams & WebContentsWillRedirectEventParams> {
  let prevented = false;
  return {
    url,
    isSameDocument: false,
    isMainFrame: true,
    frame: null,
    preventDefault: () => {
      prevented = true;
    },
    get defaultPrevented() {
      return prevented;
    },
  };
}

describe('isOwnUrl', () => {
  it('accepts our scheme and host, any path', () => {
    expect(isOwnUrl('app://studio/#/jobs', OWN)).toBe(true);
    expect(isOwnUrl('http://localhost:5173/x', 'http://localhost:5173/')).toBe(true);
  });
  it('refuses other hosts, schemes, ports and credentials', () => {
    expect(isOwnUrl('app://evil/index.html', OWN)).toBe(false);
    expect(isOwnUrl('file:///etc/passwd', OWN)).toBe(false);
    expect(isOwnUrl('https://example.com/', OWN)).toBe(false);
    expect(isOwnUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(isOwnUrl('app://user:pw@studio/', OWN)).toBe(false);
    expect(isOwnUrl('not a url', OWN)).toBe(false);
  });
});

describe('isSafeExternalUrl', () => {
  it('allows plain http(s) links only', () => {
    expect(isSafeExternalUrl('https://github.com/x')).toBe(true);
    expect(isSafeExternalUrl('http://example.com')).toBe(true);
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://u:p@example.com', 'app://studio/', '']) {
      expect(isSafeExternalUrl(bad), bad).toBe(false);
    }
  });
});

describe('guardContents', () => {
  it('cancels navigation and redirects away from our page, lets our own through', () => {
    const fake = fakeContents();
    guardContents(fake.contents, () => OWN, vi.fn(async () => undefined));
    for (const channel of ['will-navigate', 'will-redirect']) {
      const away = navEvent('https://example.com/phish');
      fake.emit(channel, away);
      expect(away.defaultPrevented, channel).toBe(true);
      const file = navEvent('file:///home/user/secret.txt');
      fake.emit(channel, file);
      expect(file.defaultPrevented, channel).toBe(true);
      const ours = navEvent('app://studio/index.html');
      fake.emit(channel, ours);
      expect(ours.defaultPrevented, channel).toBe(false);
    }
  });

  it('refuses <webview>', () => {
    const fake = fakeContents();
    guardContents(fake.contents, () => OWN, vi.fn(async () => undefined));
    const attach = navEvent('');
    fake.emit('will-attach-webview', attach);
    expect(attach.defaultPrevented).toBe(true);
  });

  it('denies every new window; hands only validated http(s) links to the OS browser', () => {
    const openExternal = vi.fn(async (_url: string) => undefined);
    const fake = fakeContents();
    guardContents(fake.contents, () => OWN, openExternal);
    expect(fake.open('https://github.com/')).toEqual({ action: 'deny' });
    expect(fake.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(fake.open('app://studio/index.html')).toEqual({ action: 'deny' });
    expect(fake.open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://github.com/']]);
  });
});

describe('denyAllPermissions', () => {
  it('says no to every request and every check', () => {
    let request: Parameters<Session['setPermissionRequestHandler']>[0] = null;
    let check: Parameters<Session['setPermissionCheckHandler']>[0] = null;
    const session: PermissionHooks = {
      setPermissionRequestHandler: (h) => (request = h),
      setPermissionCheckHandler: (h) => (check = h),
    };
    denyAllPermissions(session);
    const wc = {} as WebContents;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal'] as const) {
      const callback = vi.fn();
      request!(wc, permission, callback, { requestingUrl: OWN, isMainFrame: true });
      expect(callback).toHaveBeenCalledWith(false);
      expect(check!(wc, permission, 'app://studio', { isMainFrame: true, requestingUrl: OWN })).toBe(false);
    }
  });
});

describe('setupSecurity', () => {
  it('guards every WebContents the app creates', () => {
    let created: ((event: Event, contents: WebContents) => void) | null = null;
    const app: ContentsSource = {
      on: (_name, listener) => {
        created = listener;
        return app;
      },
    };
    setupSecurity(app, () => OWN, vi.fn(async () => undefined));
    const fake = fakeContents();
    created!(navEvent(''), fake.contents as unknown as WebContents);
    expect(fake.has('will-navigate')).toBe(true);
    expect(fake.open('https://example.com')).toEqual({ action: 'deny' });
  });
});
