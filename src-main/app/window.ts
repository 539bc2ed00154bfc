import { join } from 'node:path';
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { apiArguments } from './api-arguments';

/**
 * The renderer gets no Node, runs in Chromium's sandbox, in its own JS world (so the page cannot reach the
 * preload's objects), with same-origin policy on. Everything it can do goes through the preload's named methods.
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    preload: preloadPath,
    // The contract's names for the preload, which cannot load the zod-based contract (see api-arguments.ts).
    additionalArguments: apiArguments(),
  };
}

/**
 * The window's icon (Linux and Windows title bars and task bars; macOS takes the bundle's icon.icns):
 * `<app>/resources/icon.png`, found from the preload's `<app>/out/preload/index.cjs`, in the source tree and
 * inside the packaged app alike (electron-builder.yml packs resources/icon.png).
 */
export const windowIconPath = (preloadPath: string): string => join(preloadPath, '..', '..', '..', 'resources', 'icon.png');

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 840,
    minWidth: 900,
    minHeight: 600,
    title: 'GAN Studio',
    icon: windowIconPath(preloadPath),
    // Shown on ready-to-show, so the user never sees an empty white frame.
    show: false,
    webPreferences: secureWebPreferences(preloadPath),
  };
}

/** What creating the window needs of a BrowserWindow. */
export interface LoadableWindow {
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
}

/**
 * Creates the studio window with `make` (`(o) => new BrowserWindow(o)` in the app, a fake in tests) and
 * loads `url`. A failed load is returned, not thrown, so the caller decides how to report it.
 */
export function createMainWindow<W extends LoadableWindow>(
  make: (options: BrowserWindowConstructorOptions) => W,
  preloadPath: string,
  url: string,
): { window: W; loaded: Promise<void> } {
  const window = make(mainWindowOptions(preloadPath));
  window.once('ready-to-show', () => window.show());
  return { window, loaded: window.loadURL(url) };
}
