import { describe, expect, it } from 'vitest';
import { numberValue, onePositional, parseCommandLine, UsageError } from '../../src-main/cli/args';
import { FLAG_KINDS } from '../../src-main/cli/flag-values';
import { loadCommands } from '../../src-main/cli/command-index';

const COMMANDS = await loadCommands();

const parse = (argv: string[]) => parseCommandLine(argv, COMMANDS);
const refusal = (argv: string[]): string => {
  try {
    parse(argv);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`accepted: ${JSON.stringify(argv)}`);
};

/** One command line per kind of number flag, with the flag's value last. */
const INT_FLAGS: [string[], string][] = [
  [['train', 'cgan', '--dataset', 'd'], 'steps'], [['train', 'cgan', '--dataset', 'd'], 'batch'], [['train', 'cgan', '--dataset', 'd'], 'seed'],
  [['train', 'cyclegan', '--a', 'x', '--b', 'y'], 'res-blocks'], [['resume', 'r1'], 'steps'], [['generate', 'r1'], 'per-class'],
  [['serve'], 'port'], [['bench'], 'warmup'], [['export', 'b1', '--out', '/tmp/x'], 'resolution'],
];
const FLOAT_FLAGS: [string[], string][] = [
  [['train', 'cgan', '--dataset', 'd'], 'ema'], [['train', 'cgan', '--dataset', 'd'], 'lr-g'], [['generate', 'r1'], 'truncation'],
  [['export', 'b1', '--out', '/tmp/x'], 'ratio'], [['import', '/tmp/f', '--kind', 'labeled'], 'max-file-mb'],
];
const NOT_INTEGERS = ['0x10', '0X1F', '0b11', '0o7', '1e3', '1.5', '+5', ' 5', '5 ', '5abc', 'Infinity', 'NaN', '', '１２', '99999999999999999999', '--'];
const NOT_NUMBERS = ['0x1p3', '0x10', 'Infinity', '-Infinity', 'NaN', '1e999', '.', '1.2.3', '', '1,5', '2e', '0b1', ' 1'];

describe('flag values are checked by kind before a command runs', () => {
  it.each(INT_FLAGS)('%j --%s takes only plain decimal whole numbers', (base, flag) => {
    const command = base[0]!;
    for (const v of NOT_INTEGERS) {
      expect(refusal([...base, `--${flag}=${v}`]), v).toMatch(new RegExp(`^--${flag} .*: try gan-studio ${command} --help$`));
    }
    expect(parse([...base, `--${flag}`, '16']).parsed.values[flag]).toBe('16');
    expect(parse([...base, `--${flag}`, '007']).parsed.values[flag]).toBe('007');
  });

  it.each(FLOAT_FLAGS)('%j --%s takes decimal numbers, exponents included, and nothing else', (base, flag) => {
    for (const v of NOT_NUMBERS) expect(refusal([...base, `--${flag}=${v}`]), v).toMatch(new RegExp(`^--${flag} (must be a decimal number|needs a value)`));
    for (const v of ['2e-4', '.5', '0.999', '3', '1E+2', '-0.1']) expect(parse([...base, `--${flag}=${v}`]).parsed.values[flag]).toBe(v);
  });

  it('a negative number after a flag is its value, so the command words the range (the hint is not cut off)', () => {
    expect(parse(['train', 'cgan', '--dataset', 'd', '--steps', '-5']).parsed.values.steps).toBe('-5');
    expect(parse(['train', '--steps', '-5', 'cgan', '--dataset', 'd']).parsed).toMatchObject({ positionals: ['cgan'], values: { steps: '-5' } });
    expect(parse(['generate', 'r1', '--truncation', '-.5']).parsed.values.truncation).toBe('-.5');
    expect(parse(['resume', 'r1', '--steps=-5']).parsed.values.steps).toBe('-5');
  });

  it('--checkpoint takes a step or latest', () => {
    for (const v of ['latest', '0', '120']) expect(parse(['generate', 'r1', '--checkpoint', v]).parsed.values.checkpoint).toBe(v);
    for (const v of ['0x10', 'last', 'LATEST', '1.5', '']) expect(refusal(['generate', 'r1', `--checkpoint=${v}`])).toMatch(/^--checkpoint /);
  });

  it('no flag takes an empty value: --home "" is bad usage, not the current folder', () => {
    for (const argv of [['info', '--home', ''], ['--home=', 'runs'], ['serve', '--allow-dir', '/tmp', '--allow-dir', ''], ['export', 'b', '--out', ''],
      ['train', 'cgan', '--dataset', ''], ['import', '/tmp/f', '--kind', 'labeled', '--name', ''], ['translate', 'r', '--input-dir', '']]) {
      expect(refusal(argv)).toMatch(/needs a value, not an empty string/);
    }
  });

  it('a flag with its value missing says so in one line, and how to pass a value that starts with a dash', () => {
    expect(refusal(['info', '--home'])).toBe('--home needs a value: try gan-studio --help');
    expect(refusal(['info', '--home', '--json'])).toBe("--home needs a value before '--json' (a value that starts with '-' is written --home=--json)");
    expect(refusal(['import', '/f', '--name', '-x'])).toMatch(/--name=-x/);
    expect(parse(['import', '/f', '--kind', 'labeled', '--name=-x']).parsed.values.name).toBe('-x');
    expect(refusal(['info', '--nope'])).toBe("unknown option '--nope': try gan-studio --help");
    expect(refusal(['info', '--json=1'])).not.toMatch(/\n/);
  });

  it('values after -- stay positionals', () => {
    expect(parse(['lineage', '--', '--steps']).parsed.positionals).toEqual(['--steps']);
  });

  it('every string flag of every command has a kind, so none escapes the checks', () => {
    for (const c of COMMANDS) {
      for (const [name, spec] of Object.entries(c.options)) if (spec.type === 'string') expect(c.kinds?.[name] ?? FLAG_KINDS[name], `${c.name} --${name}`).toBeDefined();
    }
  });
});

describe('positional and number helpers of the commands', () => {
  const parsed = (positionals: string[]) => ({ values: {}, positionals, json: false, home: undefined });

  it('onePositional: exactly one, else bad usage in the command\'s own words', () => {
    expect(onePositional(parsed(['r1']), 'usage: run <runId>')).toBe('r1');
    for (const p of [[], ['r1', 'r2'], ['']]) {
      expect(() => onePositional(parsed(p), 'usage: run <runId>')).toThrow(UsageError);
      expect(() => onePositional(parsed(p), 'usage: run <runId>')).toThrow(/^usage: run <runId>$/);
    }
  });

  it('numberValue: a finite number (a whole one when asked), named by its flag otherwise', () => {
    expect(numberValue('0.25', 'ratio', false)).toBe(0.25);
    expect(numberValue('12', 'seeds', true)).toBe(12);
    expect(() => numberValue('1.5', 'seeds', true)).toThrow("--seeds must be a whole number, not '1.5'");
    expect(() => numberValue('', 'ratio', false)).toThrow("--ratio must be a number, not ''");
    expect(() => numberValue('Infinity', 'ratio', false)).toThrow(UsageError);
  });
});
