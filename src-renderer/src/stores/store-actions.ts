import type { Ref } from 'vue';
import { toClientError, type ClientError } from '../api';
import { showError } from '../utils/notify';

/**
 * Runs `work`; a failure is shown as "`action`: message" and gives null. For loads and commands whose failure
 * the user only needs to be told about (nothing on the page waits for it).
 */
export async function orShowError<T>(action: string, work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch (err) {
    showError(action, err);
    return null;
  }
}

/**
 * Runs a form's request: `busy` is up while it runs and `error` is cleared first; a refusal is kept in `error`
 * (the form shows it by its fields, so it is not also flashed as a message) and gives null.
 */
export async function submitKeepingError<T>(busy: Ref<boolean>, error: Ref<ClientError | null>, work: () => Promise<T>): Promise<T | null> {
  busy.value = true;
  error.value = null;
  try {
    return await work();
  } catch (err) {
    error.value = toClientError(err);
    return null;
  } finally {
    busy.value = false;
  }
}
