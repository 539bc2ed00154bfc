import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { IpcReply } from '../../src-main/shared/api/bridge';
import { CALL_NAMES } from '../../src-main/shared/api/contract';
import { ApiError } from '../../src-main/shared/api/errors';
import { IPC_EVENT_CHANNEL, ipcCallChannel } from '../../src-main/shared/api/wire';
import type { StudioEventListener } from '../../src-main/engine/studio-types';
import { type CallEvent, type IpcRegistrar, type IpcWindow, forwardEvents, isFromOurMainFrame, setupIpc } from '../../src-main/app/ipc';

// Compile-time: the real Electron objects satisfy the interfaces the fakes implement.
const _realIpcMain: IpcRegistrar = null as unknown as IpcMain;
const _realEvent: CallEvent = null as unknown as IpcMainInvokeEvent;
const _realWindow: IpcWindow = null as unknown as BrowserWindow;

const OWN = 'app://studio/index.html';

function fakeWindow(id = 7) {
  const sent: unknown[][] = [];
  let destroyed = false;
  const win: IpcWindow = {
    isDestroyed: () => destroyed,
    webContents: {
      id,
      isDestroyed: () => destroyed,
      send: (channel: string, ...args: unknown[]) => void sent.push([channel, ...args]),
      mainFrame: { processId: 3, routingId: 1, url: OWN },
    },
  };
  return { win, sent, destroy: () => (destroyed = true) };
}

const fromUs: CallEvent = { sender: { id: 7 }, senderFrame: { processId: 3, routingId: 1, url: OWN } };

function fakeIpcMain() {
  const handlers = new Map<string, (event: CallEvent, input: unknown) => Promise<IpcReply>>();
  const ipcMain: IpcRegistrar = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  return { ipcMain, handlers };
}

describe('isFromOurMainFrame', () => {
  const { win } = fakeWindow();
  it('accepts our main frame on our page', () => expect(isFromOurMainFrame(fromUs, win, OWN)).toBe(true));
  it('refuses another WebContents, a subframe, a gone frame, a foreign page, no window', () => {
    expect(isFromOurMainFrame({ ...fromUs, sender: { id: 8 } }, win, OWN)).toBe(false);
    expect(isFromOurMainFrame({ ...fromUs, senderFrame: { processId: 3, routingId: 2, url: OWN } }, win, OWN)).toBe(false);
    expect(isFromOurMainFrame({ ...fromUs, senderFrame: { processId: 4, routingId: 1, url: OWN } }, win, OWN)).toBe(false);
    expect(isFromOurMainFrame({ ...fromUs, senderFrame: null }, win, OWN)).toBe(false);
    expect(isFromOurMainFrame({ ...fromUs, senderFrame: { processId: 3, routingId: 1, url: 'https://evil.example/' } }, win, OWN)).toBe(false);
    expect(isFromOurMainFrame(fromUs, null, OWN)).toBe(false);
  });
});

describe('setupIpc', () => {
  it('registers exactly one handler per contract call', () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const dispose = setupIpc({ ipcMain, getWindow: () => fakeWindow().win, studio: Promise.resolve({ dispatch: vi.fn() }), ownUrl: () => OWN });
    expect([...handlers.keys()].sort()).toEqual(CALL_NAMES.map(ipcCallChannel).sort());
    dispose();
    expect(handlers.size).toBe(0);
  });

  it('dispatches a call from our window and wraps the output', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const dispatch = vi.fn(async (_name: string, _input: unknown) => ({ jobs: [] }));
    setupIpc({ ipcMain, getWindow: () => fakeWindow().win, studio: Promise.resolve({ dispatch }), ownUrl: () => OWN });
    const reply = await handlers.get(ipcCallChannel('jobs.list'))!(fromUs, {});
    expect(reply).toEqual({ ok: true, output: { jobs: [] } });
    expect(dispatch).toHaveBeenCalledWith('jobs.list', {});
  });

  it('refuses a foreign sender without dispatching', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const dispatch = vi.fn();
    setupIpc({ ipcMain, getWindow: () => fakeWindow().win, studio: Promise.resolve({ dispatch }), ownUrl: () => OWN });
    const reply = await handlers.get(ipcCallChannel('fs.list'))!({ sender: { id: 99 }, senderFrame: { processId: 5, routingId: 1, url: OWN } }, { path: '/' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('keeps the error code of a failed call, and of a studio that did not open', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const dispatch = vi.fn(async () => {
      throw new ApiError('not_found', 'no job j1');
    });
    setupIpc({ ipcMain, getWindow: () => fakeWindow().win, studio: Promise.resolve({ dispatch }), ownUrl: () => OWN });
    expect(await handlers.get(ipcCallChannel('jobs.get'))!(fromUs, { jobId: 'j1' })).toEqual({ ok: false, error: { code: 'not_found', message: 'no job j1' } });

    const broken = fakeIpcMain();
    const failed = Promise.reject(new ApiError('database_newer', 'made by a newer GAN Studio'));
    failed.catch(() => undefined);
    setupIpc({ ipcMain: broken.ipcMain, getWindow: () => fakeWindow().win, studio: failed, ownUrl: () => OWN });
    expect(await broken.handlers.get(ipcCallChannel('app.info'))!(fromUs, {})).toEqual({
      ok: false,
      error: { code: 'database_newer', message: 'made by a newer GAN Studio' },
    });
  });
});

describe('forwardEvents', () => {
  it('sends studio events to our window as {event, payload}, not to a destroyed one', () => {
    let listener: StudioEventListener | null = null;
    const unsubscribe = vi.fn();
    const studio = { onEvent: (l: StudioEventListener) => ((listener = l), unsubscribe) };
    const { win, sent, destroy } = fakeWindow();
    expect(forwardEvents(studio, () => win)).toBe(unsubscribe);
    const payload = { jobId: 'j1', level: 'info' as const, message: 'hello', at: '2025-01-01T00:00:00Z' };
    listener!('job.log', payload as never);
    expect(sent).toEqual([[IPC_EVENT_CHANNEL, { event: 'job.log', payload }]]);
    destroy();
    listener!('job.log', payload as never);
    expect(sent).toHaveLength(1);
  });
});
