import type { MessageApi } from 'naive-ui';
import { toClientError } from '../api/errors';

/**
 * Lets stores show messages. naive-ui's `useMessage()` only works inside a component under its provider, so
 * the shell binds the provider's API here once and stores call `showError` from anywhere.
 */
let messageApi: MessageApi | null = null;

export function bindMessageApi(api: MessageApi): void {
  messageApi = api;
}

/** Shows an error for a few seconds, prefixed with what the user was trying to do. */
export function showError(action: string, err: unknown): void {
  const { message } = toClientError(err);
  const text = `${action}: ${message}`;
  if (messageApi) messageApi.error(text, { duration: 8000, closable: true, keepAliveOnHover: true });
  else console.error(text);
}

export function showSuccess(text: string): void {
  messageApi?.success(text, { duration: 2500 });
}
