import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gan-studio.mjs');

export interface ServeProcess {
  port: number;
  token: string;
  child: ChildProcess;
  /** Everything the process wrote to stderr so far (an uncaught exception lands here). */
  stderr(): string;
  /** Whether the process is still running. */
  alive(): boolean;
  stop(): Promise<void>;
}

/**
 * A real `gan-studio serve` process on a free port (its `--json` line gives the port and token): what a
 * hostile request would have to kill. Stopped with SIGTERM, then SIGKILL after 5 s.
 */
export async function startServe(home: string, allowDirs: string[] = []): Promise<ServeProcess> {
  const args = [BIN, 'serve', '--json', '--home', home, '--port', '0', ...allowDirs.flatMap((d) => ['--allow-dir', d])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  let out = '';
  let exited = false;
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  child.once('exit', () => (exited = true));
  const first = await new Promise<{ port: number; token: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in 45 s: ${err}`)), 45_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as { port: number; token: string });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before it listened: ${err}`));
    });
  });
  return {
    ...first,
    child,
    stderr: () => err,
    alive: () => !exited,
    stop: async () => {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    },
  };
}
