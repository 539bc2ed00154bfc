import type { IpcRenderer, IpcRendererEvent, WebUtils } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { CALL_NAMES, EVENT_NAMES, type EventName } from '../../src-main/shared/api/contract';
import { IPC_EVENT_CHANNEL, ipcCallChannel } from '../../src-main/shared/api/wire';
import { type BridgeIpc, type BridgeWebUtils, buildBridge } from '../../src-main/preload/bridge';
import { apiArguments } from '../../src-main/app/api-arguments';
import { EVENT_CHANNEL, callChannel, parseApiNames } from '../../src-main/preload/names';

// Compile-time: the real ipcRenderer / webUtils satisfy what the bridge takes.
const _realIpc: BridgeIpc = null as unknown as IpcRenderer;
const _realWebUtils: BridgeWebUtils = null as unknown as WebUtils;

type Relay = (event: IpcRendererEvent, ...args: unknown[]) => void;
function fakeIpc(reply: (channel: string, input: unknown) => unknown) {
  const listeners = new Set<Relay>();
  const invoke = vi.fn(async (channel: string, ...args: unknown[]) => reply(channel, args[0]));
  const ipc: BridgeIpc = {
    invoke,
    on: (channel, l) => (expect(channel).toBe(IPC_EVENT_CHANNEL), listeners.add(l)),
    removeListener: (_channel, l) => listeners.delete(l),
  };
  const emit = (message: unknown) => listeners.forEach((l) => l({ sender: 'ipcRenderer-must-not-leak' } as unknown as IpcRendererEvent, message));
  return { ipc, invoke, listeners, emit };
}
const webUtils: BridgeWebUtils = { getPathForFile: () => '/data/cat.png' };

describe('preload names (passed by main on the command line: the sandboxed preload cannot load zod)', () => {
  it('round-trip the whole contract from main to preload, with the wire channel spelling', () => {
    const names = parseApiNames(['/electron', '--type=renderer', ...apiArguments()]);
    expect(names.calls).toEqual(CALL_NAMES);
    expect(names.events).toEqual(EVENT_NAMES);
    for (const name of CALL_NAMES) expect(callChannel(name)).toBe(ipcCallChannel(name));
    expect(EVENT_CHANNEL).toBe(IPC_EVENT_CHANNEL);
  });
  it('ignores anything that is not a dotted name, and missing flags', () => {
    expect(parseApiNames(['--gan-studio-calls=app.info,__proto__,,onEvent,a.b;rm,jobs.list,app.info'])).toEqual({ calls: ['app.info', 'jobs.list'], events: [] });
    expect(parseApiNames([])).toEqual({ calls: [], events: [] });
  });
});

const NAMES = { calls: CALL_NAMES, events: EVENT_NAMES };

describe('buildBridge (what the preload exposes as window.ganStudio)', () => {
  it('has exactly one method per contract call, onEvent and pathForFile, all functions', () => {
    const bridge = buildBridge(fakeIpc(() => ({ ok: true, output: null })).ipc, webUtils, NAMES);
    expect(Object.keys(bridge).sort()).toEqual([...CALL_NAMES, 'onEvent', 'pathForFile'].sort());
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
    expect(Object.keys(bridge)).not.toContain('invoke');
    expect(Object.keys(bridge)).not.toContain('ipcRenderer');
  });

  it('invokes the call channel and unwraps a successful reply', async () => {
    const fake = fakeIpc(() => ({ ok: true, output: { jobs: [] } }));
    const bridge = buildBridge(fake.ipc, webUtils, NAMES);
    await expect(bridge['jobs.list']({})).resolves.toEqual({ jobs: [] });
    expect(fake.invoke).toHaveBeenCalledWith(ipcCallChannel('jobs.list'), {});
  });

  it('rejects with the reply error code and message (a plain object: contextBridge would strip an Error of its code)', async () => {
    const fake = fakeIpc(() => ({ ok: false, error: { code: 'not_found', message: 'no job j9' } }));
    const bridge = buildBridge(fake.ipc, webUtils, NAMES);
    await expect(bridge['jobs.get']({ jobId: 'j9' })).rejects.toEqual({ code: 'not_found', message: 'no job j9' });
    const malformed = buildBridge(fakeIpc(() => 'garbage').ipc, webUtils, NAMES);
    await expect(malformed['app.info']({})).rejects.toMatchObject({ code: 'internal' });
  });

  it('delivers only the subscribed event, never the IPC event object, and unsubscribes', () => {
    const fake = fakeIpc(() => null);
    const bridge = buildBridge(fake.ipc, webUtils, NAMES);
    const got = vi.fn();
    const off = bridge.onEvent('job.progress', got);
    fake.emit({ event: 'job.progress', payload: { jobId: 'j1', step: 1 } });
    fake.emit({ event: 'job.log', payload: { jobId: 'j1' } });
    expect(got.mock.calls).toEqual([[{ jobId: 'j1', step: 1 }]]);
    off();
    off();
    expect(fake.listeners.size).toBe(0);
  });

  it('rejects unknown event names', () => {
    const fake = fakeIpc(() => null);
    const bridge = buildBridge(fake.ipc, webUtils, NAMES);
    for (const name of ['job.secret', '__proto__', 'constructor', '']) {
      expect(() => bridge.onEvent(name as EventName, () => undefined), name).toThrow(/unknown event/);
    }
    expect(fake.listeners.size).toBe(0);
    for (const name of EVENT_NAMES) bridge.onEvent(name, () => undefined)();
  });

  it('gives a dropped file its path through webUtils', () => {
    const bridge = buildBridge(fakeIpc(() => null).ipc, webUtils, NAMES);
    expect(bridge.pathForFile({} as File)).toBe('/data/cat.png');
  });
});
