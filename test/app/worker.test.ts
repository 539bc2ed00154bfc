import type { ForkOptions, UtilityProcess } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { WorkerToHost } from '../../src-main/engine/jobs/protocol';
import { type UtilityChild, type UtilityFork, utilityForkWorker } from '../../src-main/app/worker';

const _realChild: UtilityChild = null as unknown as UtilityProcess;
const _realFork: UtilityFork = null as unknown as typeof Electron.UtilityProcess.fork;

function fakeChild() {
  const listeners: Record<string, ((arg: never) => void)[]> = {};
  const child = {
    postMessage: vi.fn(),
    on(event: string, listener: (arg: never) => void) {
      (listeners[event] ??= []).push(listener);
      return child;
    },
    kill: vi.fn(() => true),
  };
  const emit = (event: string, arg: unknown) => listeners[event]?.forEach((l) => l(arg as never));
  return { child: child as UtilityChild & typeof child, emit };
}

describe('utilityForkWorker', () => {
  it('forks the built worker with the merged env and adapts messages and exit', () => {
    const { child, emit } = fakeChild();
    const fork = vi.fn((_path: string, _args?: string[], _options?: ForkOptions) => child);
    const channel = utilityForkWorker(fork, '/app/out/main/job-worker.js', { PATH: '/bin', GAN_STUDIO_SQLITE_BINDING: '/b.node', GONE: undefined })({
      env: { GAN_STUDIO_HOME: '/home/s' },
    });
    expect(fork).toHaveBeenCalledOnce();
    const [path, , options] = fork.mock.calls[0]!;
    expect(path).toBe('/app/out/main/job-worker.js');
    expect(options?.env).toEqual({ PATH: '/bin', GAN_STUDIO_SQLITE_BINDING: '/b.node', GAN_STUDIO_HOME: '/home/s' });

    const got: WorkerToHost[] = [];
    channel.onMessage((m) => got.push(m));
    channel.send({ type: 'pause' });
    expect(child.postMessage).toHaveBeenCalledWith({ type: 'pause' });
    emit('message', { type: 'ready', pid: 42 });
    expect(got).toEqual([{ type: 'ready', pid: 42 }]);

    const exits: unknown[] = [];
    channel.onExit((info) => exits.push(info));
    emit('exit', 3);
    expect(exits).toEqual([{ code: 3, signal: null }]);
    // Gone: nothing more is sent or killed.
    channel.send({ type: 'stop' });
    channel.kill();
    expect(child.postMessage).toHaveBeenCalledTimes(1);
    expect(child.kill).not.toHaveBeenCalled();
  });

  it('kills a running worker', () => {
    const { child } = fakeChild();
    utilityForkWorker(() => child, '/w.js', {})({ env: {} }).kill();
    expect(child.kill).toHaveBeenCalledOnce();
  });
});
