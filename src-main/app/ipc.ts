import type { WebContents, WebFrameMain } from 'electron';
import type { IpcReply } from '../shared/api/bridge';
import { CALL_NAMES, type CallName } from '../shared/api/contract';
import { toErrorBody } from '../shared/api/errors';
import { IPC_EVENT_CHANNEL, ipcCallChannel } from '../shared/api/wire';
import type { Studio } from '../engine/studio-types';
import { isOwnUrl } from './security';

type FrameRef = Pick<WebFrameMain, 'processId' | 'routingId' | 'url'>;

/** What the IPC layer needs of our window; a BrowserWindow satisfies it. */
export interface IpcWindow {
  isDestroyed(): boolean;
  readonly webContents: Pick<WebContents, 'id' | 'isDestroyed' | 'send'> & { readonly mainFrame: FrameRef };
}

/** What a handler sees of an `ipcMain.handle` event; Electron's IpcMainInvokeEvent satisfies it. */
export interface CallEvent {
  readonly sender: Pick<WebContents, 'id'>;
  readonly senderFrame: FrameRef | null;
}

/** Electron's IpcMain satisfies it. */
export interface IpcRegistrar {
  handle(channel: string, listener: (event: CallEvent, input: unknown) => Promise<IpcReply>): void;
  removeHandler(channel: string): void;
}

/**
 * True only for a call from our window's main frame while it shows our own page: another WebContents,
 * a subframe, or a page that navigated elsewhere is refused.
 */
export function isFromOurMainFrame(event: CallEvent, win: IpcWindow | null, ownUrl: string): boolean {
  if (!win || win.isDestroyed() || win.webContents.isDestroyed()) return false;
  const frame = event.senderFrame;
  const main = win.webContents.mainFrame;
  return (
    event.sender.id === win.webContents.id &&
    frame !== null &&
    frame.processId === main.processId &&
    frame.routingId === main.routingId &&
    isOwnUrl(frame.url, ownUrl)
  );
}

/** Runs one call and wraps the outcome in the IpcReply envelope, so error codes survive IPC. */
export async function replyTo(studio: Pick<Studio, 'dispatch'>, name: CallName, input: unknown): Promise<IpcReply> {
  try {
    return { ok: true, output: await studio.dispatch(name, input) };
  } catch (err) {
    return { ok: false, error: toErrorBody(err) };
  }
}

export interface IpcDeps {
  ipcMain: IpcRegistrar;
  getWindow: () => IpcWindow | null;
  /** Resolves once the studio is open; a rejection (e.g. a newer database) is reported to every call. */
  studio: Promise<Pick<Studio, 'dispatch'>>;
  ownUrl: () => string;
}

/** Registers one `ipcMain.handle` per contract call. Returns a function removing them. */
export function setupIpc({ ipcMain, getWindow, studio, ownUrl }: IpcDeps): () => void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(ipcCallChannel(name), async (event, input) => {
      if (!isFromOurMainFrame(event, getWindow(), ownUrl())) {
        return { ok: false, error: { code: 'unauthorized', message: `refused ${name}: the call did not come from the studio window` } };
      }
      let opened: Pick<Studio, 'dispatch'>;
      try {
        opened = await studio;
      } catch (err) {
        return { ok: false, error: toErrorBody(err) };
      }
      return replyTo(opened, name, input);
    });
  }
  return () => CALL_NAMES.forEach((name) => ipcMain.removeHandler(ipcCallChannel(name)));
}

/** Sends every studio event to our window as `{event, payload}` on IPC_EVENT_CHANNEL. Returns the unsubscribe. */
export function forwardEvents(studio: Pick<Studio, 'onEvent'>, getWindow: () => IpcWindow | null): () => void {
  return studio.onEvent((event, payload) => {
    const win = getWindow();
    if (!win || win.isDestroyed() || win.webContents.isDestroyed()) return;
    win.webContents.send(IPC_EVENT_CHANNEL, { event, payload });
  });
}
