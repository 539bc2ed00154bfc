import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ApiError } from '../shared/api/errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Flags every command accepts, before or after the subcommand (CONTRACT.md). */
export const GLOBAL_OPTIONS = {
  home: { type: 'string' },
  json: { type: 'boolean' },
  backend: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  options: Options;
  run(args: ParsedCommand): Promise<number>;
}

export interface ParsedCommand {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
  json: boolean;
  home: string | undefined;
}

/** Bad usage: exit code 2, error code `bad_input`. */
export class UsageError extends ApiError {
  constructor(message: string) {
    super('bad_input', message);
  }
}

/**
 * Finds the subcommand and parses its flags together with the global ones, wherever they stand.
 * @throws UsageError on an unknown command or flag, or a flag of another command.
 */
export function parseCommandLine(argv: string[], commands: CommandSpec[]): { command: CommandSpec | null; parsed: ParsedCommand } {
  const all: Options = { ...GLOBAL_OPTIONS };
  for (const c of commands) Object.assign(all, c.options);
  let result;
  try {
    result = parseArgs({ args: argv, options: all, allowPositionals: true, strict: true, tokens: true });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]!);
  }
  const [name, ...positionals] = result.positionals;
  const command = name === undefined ? null : (commands.find((c) => c.name === name) ?? null);
  if (name !== undefined && !command) throw new UsageError(`unknown command '${name}': try gan-studio --help`);
  if (command) {
    for (const t of result.tokens ?? []) {
      if (t.kind === 'option' && !(t.name in GLOBAL_OPTIONS) && !(t.name in command.options)) {
        throw new UsageError(`${command.name} does not take --${t.name}: try gan-studio ${command.name} --help`);
      }
    }
  }
  const values = result.values as ParsedCommand['values'];
  return {
    command,
    parsed: { values, positionals, json: values.json === true, home: typeof values.home === 'string' ? values.home : undefined },
  };
}

/** A whole-number flag (plain decimal digits only: `0x10` and `1e3` are refused), or undefined; anything else is bad usage. */
export function intFlag(parsed: ParsedCommand, name: string, min = 1): number | undefined {
  const raw = parsed.values[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^-?\d+$/.test(raw) || Number(raw) < min) {
    throw new UsageError(`--${name} must be a whole number ≥ ${min}, not '${String(raw)}'`);
  }
  return Number(raw);
}
