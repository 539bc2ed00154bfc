import type { IpcRendererEvent } from 'electron';
import type { DesktopBridge, IpcReply } from '../shared/api/bridge';
import type { CallName, EventName, EventPayload } from '../shared/api/contract';
import { type ApiNames, EVENT_CHANNEL, callChannel } from './names';

/** The parts of ipcRenderer the bridge uses; Electron's IpcRenderer satisfies it. Never exposed itself. */
export interface BridgeIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): unknown;
}

export interface BridgeWebUtils {
  getPathForFile(file: File): string;
}

/**
 * What a failed call rejects with: a plain `{code, message}`, the same shape the web transport rejects with.
 * Not an Error: contextBridge copies only an Error's message into the page and drops every other property,
 * so an Error's `code` would never reach the UI, while a plain object is copied whole.
 */
export interface BridgeCallError {
  code: string;
  message: string;
}

function callError(code: string, message: string): BridgeCallError {
  return { code, message };
}

function unwrap(reply: unknown, name: CallName): unknown {
  const r = reply as IpcReply | null;
  if (r && typeof r === 'object' && r.ok === true) return r.output;
  if (r && typeof r === 'object' && r.ok === false && r.error) throw callError(String(r.error.code), String(r.error.message));
  throw callError('internal', `malformed reply to ${name}`);
}

/**
 * Builds `window.ganStudio`: one named method per contract call, `onEvent` for known event names only, and
 * `pathForFile`. Every value is a plain function, so contextBridge copies nothing else into the page.
 * @param names the contract's names, from the main process (parseApiNames(process.argv))
 */
export function buildBridge(ipc: BridgeIpc, webUtils: BridgeWebUtils, names: ApiNames): DesktopBridge {
  const knownEvents = new Set<string>(names.events);
  const methods: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const name of names.calls) {
    const channel = callChannel(name);
    methods[name] = async (input: unknown) => unwrap(await ipc.invoke(channel, input ?? {}), name);
  }

  function onEvent<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void {
    if (typeof name !== 'string' || !knownEvents.has(name)) throw new Error(`gan-studio: unknown event "${String(name)}"`);
    if (typeof listener !== 'function') throw new Error('gan-studio: onEvent needs a listener function');
    // The IpcRendererEvent never reaches the page: it carries `sender`, i.e. ipcRenderer itself.
    const relay = (_event: IpcRendererEvent, message: unknown): void => {
      const m = message as { event?: unknown; payload?: unknown } | null;
      if (m && typeof m === 'object' && m.event === name) listener(m.payload as EventPayload<K>);
    };
    ipc.on(EVENT_CHANNEL, relay as (event: IpcRendererEvent, ...args: unknown[]) => void);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipc.removeListener(EVENT_CHANNEL, relay as (event: IpcRendererEvent, ...args: unknown[]) => void);
    };
  }

  return {
    ...methods,
    onEvent,
    pathForFile: (file: File) => webUtils.getPathForFile(file),
  } as DesktopBridge;
}
