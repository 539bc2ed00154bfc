import { join } from 'node:path';
import { ApiError } from '../../shared/api/errors';
import { appVersion, projectRoot } from '../../engine/version';
import type { CommandSpec } from '../args';
import { openCliStudio } from '../open-cli-studio';
import { EXIT, printJson, printLines } from '../output';

/** `gan-studio serve`: the web mode, on 127.0.0.1 only, with a random token per start. */
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
    const port = rawPort === undefined ? 0 : Number(rawPort);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ApiError('bad_input', `--port must be a number from 0 to 65535, not '${String(rawPort)}'`);
    const allowDirs = (parsed.values['allow-dir'] as string[] | undefined) ?? [];
    const studio = await openCliStudio(parsed, { face: 'web', scheduler: true, allowDirs });
    let server;
    try {
      const { startWebServer } = await import('../../web/web-server');
      server = await startWebServer({ studio, port, rendererDir: join(projectRoot(), 'out', 'renderer'), version: appVersion() });
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
