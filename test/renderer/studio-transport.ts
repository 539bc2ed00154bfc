import type { CallInput, CallName, CallOutput, EventName, EventPayload } from '../../src-main/shared/api/contract';
import type { Studio } from '../../src-main/engine/studio-types';
import type { ApiClient, ConnectionState } from '../../src-renderer/src/api/types';

/** What a renderer store sent through the transport, in order. */
export interface CallRecord {
  name: string;
  input: unknown;
}

/**
 * The renderer's transport wired straight to a real engine in this process: what the desktop transport does over
 * IPC, minus Electron. Store tests run against real handlers, a real database and real files; `calls` records
 * what the store asked, `hold` lets a test look at the store while a call is still on its way, and `setConnection`
 * plays the link's state changes (a dropped socket coming back) that the web transport reports.
 */
export function studioTransport(studio: Studio): ApiClient & { calls: CallRecord[]; hold(name: string): () => void; setConnection(state: ConnectionState): void } {
  const calls: CallRecord[] = [];
  const held = new Map<string, Promise<void>>();
  let connection: ConnectionState = 'open';
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  return {
    face: 'desktop',
    calls,
    hold(name) {
      let release!: () => void;
      held.set(name, new Promise<void>((r) => (release = r)));
      return () => {
        held.delete(name);
        release();
      };
    },
    async call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
      calls.push({ name, input });
      await held.get(name);
      return (await studio.dispatch(name, input)) as CallOutput<K>;
    },
    on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void {
      return studio.onEvent((n: EventName, payload: unknown) => {
        if (n === name) listener(payload as EventPayload<K>);
      });
    },
    connection: () => connection,
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    setConnection(state) {
      connection = state;
      for (const listener of connectionListeners) listener(state);
    },
  };
}
