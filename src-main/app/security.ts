import type {
  Event,
  HandlerDetails,
  Session,
  WebContents,
  WebContentsWillNavigateEventParams,
  WebContentsWillRedirectEventParams,
  WindowOpenHandlerResponse,
} from 'electron';

/**
 * True when `url` has the same scheme, host and port as `ownUrl`. Compared by parts, not `URL.origin`:
 * Node gives custom schemes such as `app://studio` the opaque origin "null".
 */
export function isOwnUrl(url: string, ownUrl: string): boolean {
  try {
    const a = new URL(url);
    const b = new URL(ownUrl);
    return a.protocol === b.protocol && a.host === b.host && a.username === '' && a.password === '';
  } catch {
    return false;
  }
}

/** An http(s) link we are willing to hand to the OS browser: parses, has a host, carries no credentials. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '' && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/** The events of a WebContents the guards listen to; Electron's WebContents satisfies it. */
export interface GuardedContents {
  on(event: 'will-navigate', listener: (details: Event<WebContentsWillNavigateEventParams>) => void): unknown;
  on(event: 'will-redirect', listener: (details: Event<WebContentsWillRedirectEventParams>) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: Event) => void): unknown;
  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void;
}

/**
 * Hardens one WebContents: navigation and redirects away from `ownUrl()` are cancelled, `<webview>` cannot
 * attach, and no window ever opens. An http(s) link the page tries to open goes to the OS browser through
 * `openExternal`, after validation; anything else is dropped.
 * @param ownUrl the URL the window is meant to show (a function: dev and packaged builds differ)
 */
export function guardContents(
  contents: GuardedContents,
  ownUrl: () => string,
  openExternal: (url: string) => Promise<void>,
): void {
  contents.on('will-navigate', (event) => {
    if (!isOwnUrl(event.url, ownUrl())) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isOwnUrl(event.url, ownUrl())) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) openExternal(url).catch(() => undefined);
    return { action: 'deny' };
  });
}

/** The permission hooks of a Session. */
export type PermissionHooks = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;

/** The studio needs no camera, microphone, notifications, geolocation…: every request and check says no. */
export function denyAllPermissions(session: PermissionHooks): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** The app event every new WebContents passes through; Electron's App satisfies it. */
export interface ContentsSource {
  on(event: 'web-contents-created', listener: (event: Event, contents: WebContents) => void): unknown;
}

/**
 * Applies `guardContents` to every WebContents the app ever creates (our window, devtools, anything a bug
 * might open), so no path around the guards exists.
 */
export function setupSecurity(app: ContentsSource, ownUrl: () => string, openExternal: (url: string) => Promise<void>): void {
  app.on('web-contents-created', (_event, contents) => guardContents(contents, ownUrl, openExternal));
}
