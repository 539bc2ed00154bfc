import type { CallInput, CallName, CallOutput, EventName, EventPayload } from './contract';

/**
 * What the Electron preload exposes as `window.ganStudio`: one named method per contract call (never a raw
 * ipcRenderer), plus `onEvent` for the contract's events. Derived from the contract, so it cannot drift.
 */
export type DesktopBridge = {
  readonly [K in CallName]: (input: CallInput<K>) => Promise<CallOutput<K>>;
} & {
  onEvent<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void;
  /** Real filesystem path of a dropped File (Electron's webUtils.getPathForFile). */
  pathForFile(file: File): string;
};

/** IPC replies travel as this envelope, so error codes survive Electron's error serialisation. */
export type IpcReply = { ok: true; output: unknown } | { ok: false; error: { code: string; message: string } };

export const BRIDGE_GLOBAL = 'ganStudio';
