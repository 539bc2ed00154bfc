import { CALL_NAMES, EVENT_NAMES } from '../shared/api/contract';

/**
 * The contract's names for the preload, as renderer command-line switches (webPreferences.additionalArguments):
 * the sandboxed preload cannot load the zod-based contract module itself. Parsed by src-main/preload/names.ts.
 */
export function apiArguments(calls: readonly string[] = CALL_NAMES, events: readonly string[] = EVENT_NAMES): string[] {
  return [`--gan-studio-calls=${calls.join(',')}`, `--gan-studio-events=${events.join(',')}`];
}
