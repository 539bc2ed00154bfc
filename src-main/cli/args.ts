import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ApiError } from '../shared/api/errors';
import { flagValueProblem, looksNegativeNumber, type FlagKind } from './flag-values';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Flags every command accepts, before or after the subcommand (CONTRACT.md). */
export const GLOBAL_OPTIONS = {
  home: { type: 'string' },
  json: { type: 'boolean' },
  backend: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const satisfies Options;

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  options: Options;
  /** Kinds of the command's own string flags that FLAG_KINDS does not list (the models' derived flags). */
  kinds?: Readonly<Record<string, FlagKind>>;
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
 * Joins `--flag -5` into `--flag=-5` so that a negative number reaches the flag's own range check (Node's parser
 * calls it ambiguous and cuts the hint), and refuses a value-taking flag with no value in words a person can act on.
 */
function joinFlagValues(argv: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    out.push(token);
    if (token === '--') return [...out, ...argv.slice(i + 1)];
    if (!token.startsWith('--') || token.includes('=')) continue;
    const name = token.slice(2);
    if (options[name]?.type !== 'string') continue;
    const next = argv[i + 1];
    if (next === undefined) throw new UsageError(`--${name} needs a value: try gan-studio --help`);
    if (next.startsWith('-') && next !== '-') {
      if (!looksNegativeNumber(next)) throw new UsageError(`--${name} needs a value before '${next}' (a value that starts with '-' is written --${name}=${next})`);
      out[out.length - 1] = `${token}=${next}`;
    } else out.push(next);
    i++;
  }
  return out;
}

/** The subcommand: the first word that is neither a flag nor the value of a global flag (`--home DIR`). */
export function commandName(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const t = argv[i]!;
    if (t === '--') return argv[i + 1];
    if (t.startsWith('-')) {
      const name = t.replace(/^--?/, '');
      if (!t.includes('=') && GLOBAL_OPTIONS[name as keyof typeof GLOBAL_OPTIONS]?.type === 'string') i++;
      continue;
    }
    return t;
  }
  return undefined;
}

/** Node's parser errors, in our words where we have better ones; always one line. */
function parserError(err: unknown): UsageError {
  const e = err as Error & { code?: string };
  const unknown = /^Unknown option '([^']+)'/.exec(e.message);
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) return new UsageError(`unknown option '${unknown[1]}': try gan-studio --help`);
  return new UsageError(e.message.replace(/\s*\n\s*/g, ' '));
}

/**
 * Finds the subcommand and parses its flags together with the global ones, wherever they stand. Every string
 * flag's value is checked by its kind (flag-values.ts) before any command runs.
 * @throws UsageError on an unknown command or flag, a flag of another command, or a malformed value.
 */
export function parseCommandLine(argv: string[], commands: CommandSpec[]): { command: CommandSpec | null; parsed: ParsedCommand } {
  // Each command's own flags: two commands may give one name different shapes (evaluate's --ratio repeats, export's not).
  const named = commandName(argv);
  const chosen = commands.find((c) => c.name === named);
  const all: Options = { ...GLOBAL_OPTIONS, ...(chosen?.options ?? {}) };
  let result;
  try {
    result = parseArgs({ args: joinFlagValues(argv, all), options: all, allowPositionals: true, strict: true, tokens: true });
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const unknown = /^Unknown option '--([^']+)'/.exec((err as Error).message);
    if (chosen && unknown && commands.some((c) => unknown[1]! in c.options)) {
      throw new UsageError(`${chosen.name} does not take --${unknown[1]}: try gan-studio ${chosen.name} --help`);
    }
    throw parserError(err);
  }
  const [name, ...positionals] = result.positionals;
  const command = name === undefined ? null : (commands.find((c) => c.name === name) ?? null);
  if (name !== undefined && !command) throw new UsageError(`unknown command '${name}': try gan-studio --help`);
  const hint = command ? `try gan-studio ${command.name} --help` : 'try gan-studio --help';
  for (const t of result.tokens ?? []) {
    if (t.kind !== 'option') continue;
    if (command && !(t.name in GLOBAL_OPTIONS) && !(t.name in command.options)) {
      throw new UsageError(`${command.name} does not take --${t.name}: ${hint}`);
    }
    const problem = t.value === undefined ? null : flagValueProblem(t.name, t.value, command?.kinds);
    if (problem) throw new UsageError(`${problem}: ${hint}`);
  }
  const values = result.values as ParsedCommand['values'];
  return {
    command,
    parsed: { values, positionals, json: values.json === true, home: typeof values.home === 'string' ? values.home : undefined },
  };
}

/** The command's one positional argument (a run id, a dataset, a path); none or more is bad usage, worded by `usage`. */
export function onePositional(parsed: ParsedCommand, usage: string): string {
  const [only, ...rest] = parsed.positionals;
  if (!only || rest.length) throw new UsageError(usage);
  return only;
}

/** `raw` as a number for `--flag` (a whole one when `integer`), as given: ranges are the engine's to check and word. */
export function numberValue(raw: string, flag: string, integer: boolean): number {
  const n = Number(raw);
  if (raw === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    throw new UsageError(`--${flag} must be a ${integer ? 'whole number' : 'number'}, not '${raw}'`);
  }
  return n;
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
