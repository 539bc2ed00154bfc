import { toErrorBody, type ErrorCode } from '../shared/api/errors';

/** CONTRACT exit codes. */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

const USAGE_CODES: ReadonlySet<ErrorCode> = new Set(['bad_input', 'unknown_call', 'forbidden_path', 'not_found', 'home_invalid', 'conflict']);

/** `--json`: exactly one JSON document on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** People's output goes to stdout too, but only without --json. */
export function printLines(lines: string[]): void {
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** A command's answer: `doc` as the one JSON document with --json, else `lines()` for people. @returns EXIT.ok */
export function printResult(json: boolean, doc: unknown, lines: () => string[]): number {
  if (json) printJson(doc);
  else printLines(lines());
  return EXIT.ok;
}

/**
 * Reports an error the CONTRACT way: one actionable line on stderr and, with --json, `{"error": {code, message}}`
 * on stdout. @returns the exit code (2 for bad usage or input, 1 otherwise).
 */
export function reportError(err: unknown, json: boolean): number {
  const body = toErrorBody(err);
  process.stderr.write(`gan-studio: ${body.message}\n`);
  if (json) printJson({ error: body });
  if (body.code === 'internal' && err instanceof Error && process.env.GAN_STUDIO_DEBUG) process.stderr.write(`${err.stack}\n`);
  return USAGE_CODES.has(body.code) ? EXIT.usage : EXIT.failure;
}

/** "1 class", "2 classes": a count with its noun in the right number. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
