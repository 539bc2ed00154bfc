import type { App, Event } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { type LifecycleApp, setupShutdown, setupSingleInstance } from '../../src-main/app/lifecycle';
import { resolveHome, resolveRendererUrl, resolveAppPaths, resolveSqliteBinding } from '../../src-main/app/paths';

const _realApp: LifecycleApp = null as unknown as App;

function fakeApp(lock = true) {
  const listeners: Record<string, ((event: Event) => void)[]> = {};
  const app = {
    requestSingleInstanceLock: () => lock,
    on(name: string, listener: (event: Event) => void) {
      (listeners[name] ??= []).push(listener);
      return app;
    },
    quit: vi.fn(),
  };
  const emit = (name: string) => {
    let prevented = false;
    const event: Event = { preventDefault: () => (prevented = true), defaultPrevented: false };
    listeners[name]?.forEach((l) => l(event));
    return prevented;
  };
  return { app: app as LifecycleApp & typeof app, emit };
}

describe('setupSingleInstance', () => {
  it('quits when another instance holds the lock', () => {
    const { app } = fakeApp(false);
    expect(setupSingleInstance(app, vi.fn())).toBe(false);
    expect(app.quit).toHaveBeenCalled();
  });
  it('focuses our window on a second launch', () => {
    const { app, emit } = fakeApp(true);
    const focus = vi.fn();
    expect(setupSingleInstance(app, focus)).toBe(true);
    emit('second-instance');
    expect(focus).toHaveBeenCalledOnce();
  });
});

describe('setupShutdown', () => {
  it('holds the quit until the studio has closed, closes once, then quits', async () => {
    const { app, emit } = fakeApp();
    let finish!: () => void;
    const close = vi.fn(() => new Promise<void>((r) => (finish = r)));
    setupShutdown(app, close, 'linux');
    expect(emit('before-quit')).toBe(true);
    expect(emit('before-quit')).toBe(true);
    expect(close).toHaveBeenCalledOnce();
    expect(app.quit).not.toHaveBeenCalled();
    finish();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledOnce());
    expect(emit('before-quit')).toBe(false);
  });
  it('quits anyway when closing hangs past the timeout', async () => {
    const { app, emit } = fakeApp();
    setupShutdown(app, () => new Promise<void>(() => undefined), 'linux', 20);
    emit('before-quit');
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledOnce());
  });
  it('quits when the window closes, except on macOS', () => {
    const linux = fakeApp();
    setupShutdown(linux.app, async () => undefined, 'linux');
    linux.emit('window-all-closed');
    expect(linux.app.quit).toHaveBeenCalled();
    const mac = fakeApp();
    setupShutdown(mac.app, async () => undefined, 'darwin');
    mac.emit('window-all-closed');
    expect(mac.app.quit).not.toHaveBeenCalled();
  });
});

describe('paths', () => {
  it('home: GAN_STUDIO_HOME, else <userData>/studio', () => {
    expect(resolveHome({ GAN_STUDIO_HOME: '/data/gan' }, '/u')).toBe('/data/gan');
    expect(resolveHome({}, '/u')).toMatch(/^[/\\]u[/\\]studio$/);
  });
  it('renderer: the dev server only unpackaged and on localhost, else app://studio', () => {
    expect(resolveRendererUrl({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, false)).toBe('http://localhost:5173/');
    expect(resolveRendererUrl({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, true)).toBe('app://studio/index.html');
    expect(resolveRendererUrl({ ELECTRON_RENDERER_URL: 'https://evil.example' }, false)).toBe('app://studio/index.html');
    expect(resolveRendererUrl({}, false)).toBe('app://studio/index.html');
  });
  it('built files and the sqlite binding', () => {
    expect(resolveAppPaths('/app').preload).toMatch(/out[/\\]preload[/\\]index\.cjs$/);
    expect(resolveAppPaths('/app').jobWorker).toMatch(/out[/\\]main[/\\]job-worker\.js$/);
    expect(resolveSqliteBinding({ GAN_STUDIO_SQLITE_BINDING: '/x/better_sqlite3.node' })).toBe('/x/better_sqlite3.node');
    expect(resolveSqliteBinding({})).toBeUndefined();
  });
});
