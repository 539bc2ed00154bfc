import { describe, expect, it } from 'vitest';
import { calls, CALL_NAMES, EVENT_NAMES, isCallName, isEventName } from '../../src-main/shared/api/contract';
import { ApiError, toErrorBody } from '../../src-main/shared/api/errors';
import { createDispatcher, type Handlers } from '../../src-main/engine/api/dispatch';

const job = {
  jobId: 'j1',
  kind: 'selftest' as const,
  status: 'queued' as const,
  params: {},
  step: 0,
  totalSteps: 5,
  backend: null,
  error: null,
  createdAt: 'now',
  startedAt: null,
  endedAt: null,
};

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  // Only the core calls are exercised here; the cast leaves the other domains' handlers out.
  const base = {
    'app.info': () => ({ version: '1', home: '/h', face: 'cli', backend: { active: 'wasm', candidates: [] } }),
    'fs.roots': () => ({ roots: [] }),
    'fs.list': ({ path }: { path: string }) => ({ path, parent: null, entries: [] }),
    'jobs.list': () => ({ jobs: [job] }),
    'jobs.get': () => job,
    'jobs.start': () => job,
    'jobs.pause': () => job,
    'jobs.resume': () => job,
    'jobs.stop': () => job,
  } as unknown as Handlers;
  return { ...base, ...overrides };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (err) {
    return toErrorBody(err).code;
  }
}

describe('the API contract and its dispatcher', () => {
  it('lists every call and event once, with schemas', () => {
    expect(CALL_NAMES.length).toBe(Object.keys(calls).length);
    expect(isCallName('app.info')).toBe(true);
    expect(isCallName('toString')).toBe(false);
    expect(isEventName('job.progress')).toBe(true);
    expect(isEventName('__proto__')).toBe(false);
    expect(EVENT_NAMES).toContain('job.state');
  });

  it('refuses an unknown call before any handler runs', async () => {
    const dispatch = createDispatcher(handlers());
    expect(await codeOf(dispatch('jobs.delete_everything', {}))).toBe('unknown_call');
    expect(await codeOf(dispatch('constructor', {}))).toBe('unknown_call');
  });

  it('refuses inputs that do not match the schema, with the field named', async () => {
    let ran = false;
    const dispatch = createDispatcher(handlers({ 'jobs.get': () => ((ran = true), job) }));
    expect(await codeOf(dispatch('jobs.get', {}))).toBe('bad_input');
    expect(await codeOf(dispatch('jobs.get', { jobId: 5 }))).toBe('bad_input');
    expect(await codeOf(dispatch('jobs.get', { jobId: 'x', extra: true }))).toBe('bad_input');
    expect(await codeOf(dispatch('jobs.start', { kind: 'rm -rf' }))).toBe('bad_input');
    expect(await codeOf(dispatch('fs.list', { path: '' }))).toBe('bad_input');
    expect(ran).toBe(false);
    await expect(dispatch('jobs.get', { jobId: 5 })).rejects.toThrow(/jobId/);
  });

  it('passes valid input with defaults applied and returns the output', async () => {
    let seen: unknown;
    const dispatch = createDispatcher(handlers({ 'jobs.start': (input) => ((seen = input), job) }));
    await expect(dispatch('jobs.start', { kind: 'selftest' })).resolves.toEqual(job);
    expect(seen).toEqual({ kind: 'selftest', params: {} });
  });

  it('keeps handler error codes and rejects outputs outside the contract', async () => {
    const dispatch = createDispatcher(
      handlers({
        'jobs.get': () => {
          throw new ApiError('not_found', 'no job x');
        },
        'jobs.list': () => ({ jobs: [{ nope: 1 }] }) as never,
      }),
    );
    expect(await codeOf(dispatch('jobs.get', { jobId: 'x' }))).toBe('not_found');
    expect(await codeOf(dispatch('jobs.list', {}))).toBe('internal');
  });
});
