import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/temp-dir';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gan-studio.mjs');

/** Starts `serve --json` (no --port unless given), reads its port, stops it with SIGINT. */
async function servePort(home: string, extra: string[] = []): Promise<number> {
  const child = spawn(process.execPath, [BIN, 'serve', '--json', '--home', home, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
    return (JSON.parse(line) as { port: number }).port;
  } finally {
    child.kill('SIGKILL');
  }
}

describe('serve remembers its port per home', () => {
  const tempDir = useTempDirs();

  it('without --port, a restart listens on the port of the last start; a taken one falls back to a free port', async () => {
    const home = tempDir();
    const first = await servePort(home);
    expect(await servePort(home)).toBe(first);
    // Someone else holds it now: the server still starts, elsewhere, and remembers the new one.
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(first, '127.0.0.1', resolve));
    try {
      const second = await servePort(home);
      expect(second).not.toBe(first);
      expect(await servePort(home)).toBe(second);
    } finally {
      blocker.close();
    }
  }, 120_000);
});
