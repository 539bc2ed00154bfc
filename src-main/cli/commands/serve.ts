import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../shared/api/errors';
import { appVersion, projectRoot } from '../../engine/version';
import type { CommandSpec } from '../args';
import { openCliStudio } from '../open-cli-studio';
import { EXIT, printJson, printLines } from '../output';

/** The file in the home that remembers the port the last `serve` listened on (a forwarded SSH port keeps working). */
const LAST_PORT_FILE = 'serve-port';

function lastPort(home: string): number | null {
  try {
    const n = Number(readFileSync(join(home, LAST_PORT_FILE), 'utf8').trim());
    return Number.isInteger(n) && n > 0 && n <= 65535 ? n : null;
  } catch {
    return null;
  }
}

/**
 * `gan-studio serve`: the web mode, on 127.0.0.1 only, with a random token per start. Without --port it listens
 * on the port it used last time in this home when that port is free (any free port the first time, or when not).
 */
export const serveCommand: CommandSpec = {
  name: 'serve',
  summary: 'serve the studio UI and API on 127.0.0.1 for a browser',
  usage: 'gan-studio serve [--port P] [--allow-dir DIR]… [--home DIR] [--backend NAME] [--json]',
  options: {
    port: { type: 'string' },
    'allow-dir': { type: 'string', multiple: true },
  },
  async run(parsed) {
    const rawPort = parsed.values.port;
    let port = rawPort === undefined ? 0 : Number(rawPort);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ApiError('bad_input', `--port must be a number from 0 to 65535, not '${String(rawPort)}'`);
    const allowDirs = (parsed.values['allow-dir'] as string[] | undefined) ?? [];
    const studio = await openCliStudio(parsed, { face: 'web', scheduler: true, allowDirs });
    let server;
    try {
      const { startWebServer } = await import('../../web/web-server');
      const start = (p: number) => startWebServer({ studio, port: p, rendererDir: join(projectRoot(), 'out', 'renderer'), version: appVersion() });
      const remembered = rawPort === undefined ? lastPort(studio.home) : null;
      if (remembered !== null) {
        // The remembered port is a wish, not a promise: another program may hold it now.
        server = await start(remembered).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'EADDRINUSE' && err.code !== 'EACCES') throw err;
          return null;
        });
      }
      server ??= await start(port);
      port = server.port;
      try {
        writeFileSync(join(studio.home, LAST_PORT_FILE), `${server.port}\n`);
      } catch {
        // a read-only home still serves; the next start just picks a free port again
      }
    } catch (err) {
      await studio.close();
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new ApiError('bad_input', `port ${port} is in use: pick another with --port`);
      throw err;
    }
    if (parsed.json) printJson({ url: server.url, port: server.port, token: server.token });
    else printLines([`GAN Studio is serving ${studio.home}`, `Open ${server.url}`, 'Press Ctrl-C to stop.']);

    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    process.stderr.write('gan-studio: stopping…\n');
    await server.close();
    await studio.close();
    return signal === 'SIGINT' ? EXIT.interrupted : EXIT.ok;
  },
};
