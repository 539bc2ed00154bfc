/**
 * What each string flag holds, so that every command checks its values the same way before it runs: numbers
 * only in plain decimal (Node's `Number()` takes '0x10', '1e3', ' 5' and '' as numbers), and no empty values
 * (`--home ""` would otherwise make the current folder the studio home).
 * - `int`: a whole number in decimal digits, optionally negative (the command words its own range);
 * - `float`: a decimal number, with an optional exponent (`2e-4` is how learning rates are written);
 * - `step`: an `int`, or `latest`;
 * - `path`: a file or folder; `text`: a name, a choice, a dataset reference.
 */
export type FlagKind = 'int' | 'float' | 'step' | 'path' | 'text';

/** Every string flag of every command. A test checks that no command declares a string flag missing here. */
export const FLAG_KINDS: Readonly<Record<string, FlagKind>> = {
  home: 'path', out: 'path', 'allow-dir': 'path', 'input-dir': 'path',
  steps: 'int', resolution: 'int', batch: 'int', seed: 'int', width: 'int', 'disc-width': 'int', 'res-blocks': 'int',
  'checkpoint-every': 'int', 'sample-every': 'int', 'per-class': 'int', port: 'int', warmup: 'int', seeds: 'int',
  ema: 'float', 'lr-g': 'float', 'lr-d': 'float', 'label-smoothing': 'float', ratio: 'float', truncation: 'float', 'max-file-mb': 'float',
  checkpoint: 'step',
  backend: 'text', kind: 'text', name: 'text', dataset: 'text', a: 'text', b: 'text', preset: 'text', loss: 'text', 'd-head': 'text',
  augment: 'text', class: 'text', weights: 'text', direction: 'text', 'input-dataset': 'text', 'with-real': 'text', format: 'text',
  run: 'text', test: 'text', baseline: 'text',
};

const INT = /^-?\d+$/;
const FLOAT = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** A negative number given as a flag's value (`--steps -5`): a value, not a flag, so its range message can show. */
export const looksNegativeNumber = (token: string): boolean => /^-(\d|\.\d)/.test(token);

/**
 * Why `value` is not a valid `--name` value, or null when it is. Ranges are the command's to check and word.
 */
export function flagValueProblem(name: string, value: string, own?: Readonly<Record<string, FlagKind>>): string | null {
  const kind = own?.[name] ?? FLAG_KINDS[name] ?? 'text';
  if (value === '') return `--${name} needs a value, not an empty string`;
  if (value.includes('\0')) return `--${name} must not contain a NUL character`;
  switch (kind) {
    case 'int':
      if (!INT.test(value)) return `--${name} must be a whole number in decimal digits, not '${value}'`;
      return Number.isSafeInteger(Number(value)) ? null : `--${name} is too large: '${value}'`;
    case 'float':
      if (!isDecimalNumber(value)) return `--${name} must be a decimal number (like 0.5 or 2e-4), not '${value}'`;
      return null;
    case 'step':
      return value === 'latest' || (INT.test(value) && Number.isSafeInteger(Number(value))) ? null
        : `--${name} must be a step number in decimal digits or 'latest', not '${value}'`;
    case 'path':
    case 'text':
      return null;
  }
}

function isDecimalNumber(value: string): boolean {
  return FLOAT.test(value) && Number.isFinite(Number(value));
}
