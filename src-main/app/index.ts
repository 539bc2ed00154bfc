/**
 * The Electron main process: thin. Each feature file exports plain functions plus a setupX(); this file only
 * wires Electron's real modules into them, in order.
 */
import { app, BrowserWindow, ipcMain, protocol, session, shell, utilityProcess } from 'electron';
import { openStudio } from '../engine/studio';
import type { Studio } from '../engine/studio-types';
import { APP_SCHEME_PRIVILEGES, setupAppProtocol } from './app-protocol';
import { setupCsp } from './csp';
import { forwardEvents, setupIpc } from './ipc';
import { setupShutdown, setupSingleInstance } from './lifecycle';
import { resolveAppPaths, resolveHome, resolveRendererUrl, resolveSqliteBinding } from './paths';
import { denyAllPermissions, setupSecurity } from './security';
import { createMainWindow } from './window';
import { utilityForkWorker } from './worker';

let mainWindow: BrowserWindow | null = null;
const paths = resolveAppPaths(app.getAppPath());
const rendererUrl = resolveRendererUrl(process.env, app.isPackaged);
const ownUrl = (): string => rendererUrl;

// Before ready: every renderer sandboxed, and the `app:` scheme privileged (standard origin, secure context).
app.enableSandbox();
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

function focusWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

function openWindow(): void {
  const { window, loaded } = createMainWindow((options) => new BrowserWindow(options), paths.preload, rendererUrl);
  mainWindow = window;
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  loaded.catch((err: unknown) => console.error(`gan-studio: could not load ${rendererUrl}:`, err));
}

async function onReady(studio: Promise<Studio>): Promise<void> {
  const ses = session.defaultSession;
  setupAppProtocol(ses.protocol, paths.rendererDir, async (ref) => (await studio).imageFile(ref));
  setupCsp(ses.webRequest);
  denyAllPermissions(ses);
  setupSecurity(app, ownUrl, (url) => shell.openExternal(url));
  setupIpc({ ipcMain, getWindow: () => mainWindow, studio, ownUrl });
  openWindow();
  app.on('activate', () => {
    if (!mainWindow) openWindow();
  });
  try {
    forwardEvents(await studio, () => mainWindow);
  } catch (err) {
    // Every call reports the same error (e.g. database_newer) to the window; log it here too.
    console.error('gan-studio: the studio could not open:', err);
  }
}

function main(): void {
  if (!setupSingleInstance(app, focusWindow)) return;
  let studio: Promise<Studio> | null = null;
  setupShutdown(app, async () => {
    if (!studio) return;
    const opened = await studio.catch(() => null);
    await opened?.close();
  }, process.platform);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

  void app.whenReady().then(() => {
    // utilityProcess.fork exists only once the app is ready, so the studio opens here.
    studio = openStudio({
      home: resolveHome(process.env, app.getPath('userData')),
      face: 'desktop',
      version: app.getVersion(),
      forkWorker: utilityForkWorker((modulePath, args, options) => utilityProcess.fork(modulePath, args, options), paths.jobWorker, process.env),
      sqliteNativeBinding: resolveSqliteBinding(process.env),
    });
    studio.catch(() => undefined); // reported through onReady and every IPC reply
    return onReady(studio);
  });
}

main();
