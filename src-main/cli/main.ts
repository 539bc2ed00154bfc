import { datasetCommand, datasetsCommand, importCommand } from './commands/datasets';
import { infoCommand } from './commands/info';
import { serveCommand } from './commands/serve';
import { parseCommandLine, type CommandSpec } from './args';
import { EXIT, printLines, reportError } from './output';

/** Every command. Later issues add import, datasets, train, generate, export, lineage. */
export const COMMANDS: CommandSpec[] = [infoCommand, serveCommand, importCommand, datasetsCommand, datasetCommand];

function help(command: CommandSpec | null): string[] {
  if (command) return [`usage: ${command.usage}`, '', command.summary];
  return [
    'usage: gan-studio <command> [options]',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    'Every command takes --home DIR (default $GAN_STUDIO_HOME, then the OS app-data folder) and --json.',
  ];
}

/** The CLI: parses `argv`, runs one command, returns the CONTRACT exit code. Never throws. */
export async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  try {
    const { command, parsed } = parseCommandLine(argv, COMMANDS);
    if (!command || parsed.values.help) {
      printLines(help(command));
      return command || parsed.values.help ? EXIT.ok : EXIT.usage;
    }
    return await command.run(parsed);
  } catch (err) {
    return reportError(err, json);
  }
}
