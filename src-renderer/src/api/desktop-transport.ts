import type { DesktopBridge } from '@shared/api/bridge';
import type { CallInput, CallName, CallOutput, EventName, EventPayload } from '@shared/api/contract';
import { toClientError } from './errors';
import type { ApiClient } from './types';

/**
 * The desktop transport: each call goes to the preload's named method of the same name, events come
 * through `onEvent`. IPC never "disconnects", so the connection is always open.
 */
export function createDesktopTransport(bridge: DesktopBridge): ApiClient {
  return {
    face: 'desktop',
    async call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
      const method = bridge[name] as unknown as ((input: CallInput<K>) => Promise<CallOutput<K>>) | undefined;
      if (typeof method !== 'function') {
        throw { code: 'unknown_call', message: `The desktop app does not offer "${name}"; is the app older than this page?` };
      }
      try {
        return await method(input);
      } catch (err) {
        throw toClientError(err);
      }
    },
    on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void {
      return bridge.onEvent(name, listener);
    },
    connection: () => 'open',
    onConnection: () => () => {},
  };
}
