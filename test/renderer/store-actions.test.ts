import { describe, expect, it } from 'vitest';
import { ref } from 'vue';
import { useApi, type ClientError } from '../../src-renderer/src/api';
import { orShowError, submitKeepingError } from '../../src-renderer/src/stores/store-actions';
import { settle, useStoreHarness } from './store-harness';

describe('store call helpers against the real engine', () => {
  const h = useStoreHarness();

  it('orShowError: the answer when the call succeeds; null and "<action>: <the engine\'s message>" when it is refused', async () => {
    expect(await orShowError('List runs', () => useApi().call('runs.list', {}))).toEqual({ runs: [] });
    expect(console.error).not.toHaveBeenCalled();
    expect(await orShowError('Load run nope', () => useApi().call('runs.get', { runId: 'nope' }))).toBeNull();
    expect(console.error).toHaveBeenCalledWith(expect.stringMatching(/^Load run nope: .*nope/));
  });

  it('submitKeepingError: busy while the call runs, the old refusal cleared at once, the new one kept (not flashed)', async () => {
    const busy = ref(false);
    const error = ref<ClientError | null>({ code: 'bad_input', message: 'an older refusal' });
    const release = h.transport.hold('runs.get');
    const pending = submitKeepingError(busy, error, () => useApi().call('runs.get', { runId: 'nope' }));
    await settle();
    expect(busy.value).toBe(true);
    expect(error.value).toBeNull();
    release();
    expect(await pending).toBeNull();
    expect(busy.value).toBe(false);
    expect(error.value).toMatchObject({ code: 'not_found', message: expect.stringContaining('nope') });
    expect(console.error).not.toHaveBeenCalled();

    expect(await submitKeepingError(busy, error, () => useApi().call('runs.list', {}))).toEqual({ runs: [] });
    expect(error.value).toBeNull();
  });
});
