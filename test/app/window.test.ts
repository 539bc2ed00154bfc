import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { apiArguments } from '../../src-main/app/api-arguments';
import { type LoadableWindow, createMainWindow, mainWindowOptions, secureWebPreferences } from '../../src-main/app/window';

const _realWindow: LoadableWindow = null as unknown as BrowserWindow;

describe('secureWebPreferences', () => {
  it('isolates, sandboxes and keeps Node out of the renderer', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.cjs');
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/out/preload/index.cjs',
    });
    expect(prefs.additionalArguments).toEqual(apiArguments());
    expect(apiArguments(['app.info', 'jobs.list'], ['job.log'])).toEqual(['--gan-studio-calls=app.info,jobs.list', '--gan-studio-events=job.log']);
  });
});

describe('createMainWindow', () => {
  it('builds the window with the secure preferences, loads our URL and shows on ready-to-show', async () => {
    const made: BrowserWindowConstructorOptions[] = [];
    let readyToShow: (() => void) | null = null;
    const fake = {
      loadURL: vi.fn(async (_url: string) => undefined),
      once: (_event: 'ready-to-show', listener: () => void) => {
        readyToShow = listener;
      },
      show: vi.fn(),
    } satisfies LoadableWindow;
    const { window, loaded } = createMainWindow((o) => {
      made.push(o);
      return fake;
    }, '/p/index.cjs', 'app://studio/index.html');
    await loaded;
    expect(window).toBe(fake);
    expect(made).toEqual([mainWindowOptions('/p/index.cjs')]);
    expect(made[0]!.webPreferences).toEqual(secureWebPreferences('/p/index.cjs'));
    expect(made[0]!.show).toBe(false);
    expect(fake.loadURL).toHaveBeenCalledWith('app://studio/index.html');
    expect(fake.show).not.toHaveBeenCalled();
    readyToShow!();
    expect(fake.show).toHaveBeenCalledOnce();
  });
});
