/**
 * The contract's call and event names as the preload learns them, and the IPC channel spelling.
 *
 * Why not import CALL_NAMES / isEventName / ipcCallChannel from shared/api: those modules build zod schemas at
 * load time, so importing any value from them puts `require("zod")` into out/preload/index.cjs, and a sandboxed
 * preload can require nothing but `electron`. So the main process, which has the contract, passes the names on
 * the renderer's command line (webPreferences.additionalArguments, see src-main/app/api-arguments.ts); nothing
 * is listed twice. test/app/preload-bridge.test.ts checks the round trip and the channel spelling against wire.ts.
 */
import type { CallName, EventName } from '../shared/api/contract';

export const CALLS_FLAG = '--gan-studio-calls=';
export const EVENTS_FLAG = '--gan-studio-events=';
/** Contract names are dotted identifiers; anything else on the command line is ignored. */
const NAME = /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)+$/;

export interface ApiNames {
  calls: CallName[];
  events: EventName[];
}

/** Reads the names the main process put on the command line. Missing flags give empty lists. */
export function parseApiNames(argv: readonly string[]): ApiNames {
  const list = (flag: string) => {
    const arg = argv.find((a) => a.startsWith(flag));
    return arg ? [...new Set(arg.slice(flag.length).split(',').filter((n) => NAME.test(n)))] : [];
  };
  return { calls: list(CALLS_FLAG) as CallName[], events: list(EVENTS_FLAG) as EventName[] };
}

/** Same spelling as shared/api/wire.ts `ipcCallChannel` and `IPC_EVENT_CHANNEL` (checked by a test). */
export const callChannel = (name: CallName): string => `api:call:${name}`;
export const EVENT_CHANNEL = 'api:event';
