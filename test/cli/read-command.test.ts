import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/temp-dir';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gan-studio.mjs');
const cli = (args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('read commands (datasets, dataset, runs, run, batches, lineage): check, open, read, print', () => {
  const tempDir = useTempDirs();

  it('bad usage is refused in the command\'s words before the home opens: no home is created', () => {
    const home = join(tempDir(), 'not-yet');
    for (const [args, message] of [
      [['run'], 'usage: gan-studio run <runId>'], [['run', 'a', 'b'], 'usage: gan-studio run <runId>'],
      [['lineage'], 'usage: gan-studio lineage <path|sha256>'], [['dataset'], 'dataset takes one NAME, NAME@VERSION or id'],
      [['batches', 'x'], 'batches takes no names: gan-studio batches [--run RUNID]'],
    ] as const) {
      const r = cli([...args, '--home', home, '--json']);
      expect(r.code, args.join(' ')).toBe(2);
      expect(JSON.parse(r.stdout)).toEqual({ error: { code: 'bad_input', message } });
      expect(r.stderr).toBe(`gan-studio: ${message}\n`);
      expect(existsSync(home), args.join(' ')).toBe(false);
    }
  });

  it('an empty home: lists are [] with --json and a hint for people; a named thing that is not there is not_found', () => {
    const home = tempDir();
    expect(JSON.parse(cli(['runs', '--home', home, '--json']).stdout)).toEqual([]);
    expect(cli(['datasets', '--home', home]).stdout).toBe('No datasets yet: gan-studio import <folder> --kind labeled\n');
    const missing = cli(['batches', '--run', 'nope', '--home', home, '--json']);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout).error.code).toBe('not_found');
  });
});
