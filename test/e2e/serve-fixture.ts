import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface ServeHandle {
  url: string;
  port: number;
  token: string;
  home: string;
  stop(): Promise<void>;
}

/**
 * Starts `gan-studio serve --json` on a free port with a fresh home (or `opts.home`, kept on stop when given), exactly
 * as a user would.
 */
export async function startServe(extraArgs: string[] = [], opts: { home?: string } = {}): Promise<ServeHandle> {
  const home = opts.home ?? mkdtempSync(join(tmpdir(), 'gan-studio-e2e-'));
  const bin = join(import.meta.dirname, '..', '..', 'bin', 'gan-studio.mjs');
  const child: ChildProcess = spawn(process.execPath, [bin, 'serve', '--json', '--port', '0', '--home', home, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`gan-studio serve exited with ${code}`)));
  });
  const { url, port, token } = JSON.parse(line) as { url: string; port: number; token: string };
  return {
    url,
    port,
    token,
    home,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await exited;
      if (!opts.home) rmSync(home, { recursive: true, force: true });
    },
  };
}
