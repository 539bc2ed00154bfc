import { join } from 'node:path';
import { APP_INDEX_URL } from './app-protocol';

/** Where the built pieces live, relative to the app folder (the project root, or the packaged app). */
export interface AppPaths {
  preload: string;
  rendererDir: string;
  jobWorker: string;
}

export function resolveAppPaths(appPath: string): AppPaths {
  return {
    preload: join(appPath, 'out', 'preload', 'index.cjs'),
    rendererDir: join(appPath, 'out', 'renderer'),
    jobWorker: join(appPath, 'out', 'main', 'job-worker.js'),
  };
}

/** The studio home: `GAN_STUDIO_HOME` when set, else `<userData>/studio`. */
export function resolveHome(env: NodeJS.ProcessEnv, userDataPath: string): string {
  const fromEnv = env.GAN_STUDIO_HOME?.trim();
  return fromEnv ? fromEnv : join(userDataPath, 'studio');
}

/**
 * The page the window shows: electron-vite's dev server (`ELECTRON_RENDERER_URL`, http on localhost) during
 * `electron-vite dev`, the `app:` protocol otherwise. A packaged app never honours the variable.
 */
export function resolveRendererUrl(env: NodeJS.ProcessEnv, isPackaged: boolean): string {
  const dev = env.ELECTRON_RENDERER_URL;
  if (!isPackaged && dev) {
    try {
      const u = new URL(dev);
      if (u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '127.0.0.1')) return u.toString();
    } catch {
      // fall through to the built UI
    }
  }
  return APP_INDEX_URL;
}

/** The Electron-ABI better-sqlite3 addon built by `npm start` (scripts/start-desktop.mjs), if any. */
export function resolveSqliteBinding(env: NodeJS.ProcessEnv): string | undefined {
  const binding = env.GAN_STUDIO_SQLITE_BINDING?.trim();
  return binding ? binding : undefined;
}
