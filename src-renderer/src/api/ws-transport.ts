import type { CallInput, CallName, CallOutput, EventName, EventPayload } from '@shared/api/contract';
import type { WireCall } from '@shared/api/wire';
import { clientError, isClientError, type ClientError } from './errors';
import { forgetToken } from './token';
import type { ApiClient, ConnectionState } from './types';

/** Close code the web server uses for a wrong or missing token. */
export const CLOSE_UNAUTHORIZED = 4401;
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 10_000;
/**
 * Failed reconnects (about 20 s of backoff) after which a page that was connected stops retrying: its server
 * is gone, and a new one has a new token (a new port too, unless started with --port), so it never comes back.
 */
export const RECONNECTS_BEFORE_GIVING_UP = 5;

interface Pending {
  frame: WireCall;
  resolve: (output: never) => void;
  reject: (err: ClientError) => void;
  sent: boolean;
}

/**
 * The web transport: one WebSocket to `/api/ws?token=…`. Calls made while the socket is not open wait for
 * the next connection attempt; every call still outstanding when the socket closes rejects with
 * `disconnected` (the server may or may not have run it, so retrying is the caller's decision).
 * Reconnects with exponential backoff, except after a 4401 close or an `unauthorized` reply.
 */
export function createWsTransport(token: string | null, opts: { giveUpAfter?: number } = {}): ApiClient {
  const giveUpAfter = opts.giveUpAfter ?? RECONNECTS_BEFORE_GIVING_UP;
  let everOpen = false;
  let state: ConnectionState = 'connecting';
  let socket: WebSocket | null = null;
  let nextId = 1;
  let attempt = 0;
  const pending = new Map<number, Pending>();
  const eventListeners = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(s: ConnectionState) => void>();

  function setState(next: ConnectionState): void {
    if (next === state) return;
    state = next;
    for (const l of stateListeners) l(state);
  }

  function rejectAll(err: ClientError): void {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  }

  /** The server this page knew is gone: say so, once, instead of retrying forever. */
  function markRestarted(): void {
    forgetToken();
    setState('restarted');
    rejectAll(clientError('unauthorized', 'The GAN Studio server restarted with a new address or token: open the URL it printed in its terminal.'));
    socket?.close();
  }

  function markUnauthorized(): void {
    if (everOpen) {
      markRestarted();
      return;
    }
    forgetToken();
    setState('unauthorized');
    rejectAll(clientError('unauthorized', 'The server refused this page\'s access token. Open the URL printed by `gan-studio serve`.'));
    socket?.close();
  }

  function connect(): void {
    if (!token) {
      markUnauthorized();
      return;
    }
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${scheme}://${window.location.host}/api/ws?token=${encodeURIComponent(token)}`);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      everOpen = true;
      setState('open');
      for (const p of pending.values()) send(p);
    };
    ws.onmessage = (ev) => onFrame(ev.data);
    let opened = false;
    ws.addEventListener('open', () => (opened = true));
    ws.onclose = (ev) => {
      if (socket !== ws) return;
      socket = null;
      if (state === 'restarted') return;
      if (ev.code === CLOSE_UNAUTHORIZED || state === 'unauthorized') {
        markUnauthorized();
        return;
      }
      rejectAll(clientError('disconnected', 'Lost the connection to the GAN Studio server before it answered. Reconnecting…'));
      // A refused upgrade (HTTP 401) reaches the page as a bare 1006 close: ask over HTTP whether the token is
      // the reason, so a wrong token shows the token page instead of retrying forever.
      void (opened ? Promise.resolve(false) : tokenRefused(token)).then((refused) => {
        if (refused) {
          markUnauthorized();
          return;
        }
        if (everOpen && attempt >= giveUpAfter) {
          markRestarted();
          return;
        }
        setState('reconnecting');
        const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** attempt) * (0.75 + Math.random() * 0.5);
        attempt += 1;
        setTimeout(connect, delay);
      });
    };
  }

  function send(p: Pending): void {
    if (p.sent || !socket || socket.readyState !== WebSocket.OPEN) return;
    socket.send(JSON.stringify(p.frame));
    p.sent = true;
  }

  function onFrame(data: unknown): void {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(String(data)) as Record<string, unknown>;
    } catch {
      console.warn('gan-studio: ignoring a frame that is not JSON');
      return;
    }
    if (typeof msg.event === 'string') {
      for (const l of eventListeners.get(msg.event) ?? []) l(msg.payload);
      return;
    }
    if (typeof msg.id !== 'number') return;
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.ok === true) {
      p.resolve(msg.output as never);
      return;
    }
    const err = isClientError(msg.error) ? msg.error : clientError('internal', 'The server sent a malformed error reply.');
    p.reject({ code: err.code, message: err.message });
    if (err.code === 'unauthorized') markUnauthorized();
  }

  connect();

  return {
    face: 'web',
    call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
      if (state === 'restarted') {
        return Promise.reject(clientError('unauthorized', 'The GAN Studio server restarted with a new address or token: open the URL it printed in its terminal.'));
      }
      if (state === 'unauthorized') {
        return Promise.reject(clientError('unauthorized', 'No valid access token. Open the URL printed by `gan-studio serve`.'));
      }
      return new Promise<CallOutput<K>>((resolve, reject) => {
        const p: Pending = { frame: { id: nextId++, call: name, input }, resolve: resolve as (o: never) => void, reject, sent: false };
        pending.set(p.frame.id, p);
        send(p);
      });
    },
    on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void {
      let set = eventListeners.get(name);
      if (!set) eventListeners.set(name, (set = new Set()));
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
    connection: () => state,
    onConnection(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
  };
}

/** True when the server answers, and answers 401 to this token. False when it is unreachable or accepts it. */
async function tokenRefused(token: string): Promise<boolean> {
  try {
    const res = await fetch('/api/health', { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
    return res.status === 401;
  } catch {
    return false;
  }
}
