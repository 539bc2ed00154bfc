import { z } from 'zod';
import { calls, isCallName, type CallName, type CallOutput, type CallParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';

/** One handler per contract call; inputs arrive already validated. */
export type Handlers = { [K in CallName]: (input: CallParsedInput<K>) => Promise<CallOutput<K>> | CallOutput<K> };

/**
 * The boundary every face goes through: unknown calls and inputs that do not match the contract's schema are
 * refused with `unknown_call` / `bad_input` before any handler runs; outputs are checked against the contract too.
 */
export function createDispatcher(handlers: Handlers) {
  return async function dispatch(name: string, input: unknown): Promise<unknown> {
    if (!isCallName(name)) throw new ApiError('unknown_call', `unknown API call '${String(name).slice(0, 100)}'`);
    const spec = calls[name];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) throw new ApiError('bad_input', `${name}: ${formatIssues(parsed.error)}`);
    const handler = handlers[name] as (i: unknown) => Promise<unknown>;
    const output = await handler(parsed.data);
    const checked = spec.output.safeParse(output);
    if (!checked.success) throw new ApiError('internal', `${name} produced an answer outside the contract: ${formatIssues(checked.error)}`);
    return checked.data;
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;

function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`)
    .join('; ');
}
