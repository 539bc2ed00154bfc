import { benchCommand } from './commands/bench';
import { datasetCommand, datasetsCommand, importCommand } from './commands/datasets';
import { evaluateCommand } from './commands/evaluate';
import { exportCommand } from './commands/export';
import { generateCommand } from './commands/generate';
import { infoCommand } from './commands/info';
import { lineageCommand } from './commands/lineage';
import { resumeCommand } from './commands/resume';
import { runCommand, runsCommand } from './commands/runs';
import { serveCommand } from './commands/serve';
import { trainCommand } from './commands/train';
import { translateCommand } from './commands/translate';
import { parseCommandLine, type CommandSpec } from './args';
import { EXIT, printLines, reportError } from './output';

/** Every command. Later issues add generate, translate, export, lineage. */
export const COMMANDS: CommandSpec[] = [infoCommand, serveCommand, importCommand, datasetsCommand, datasetCommand, trainCommand, resumeCommand, runsCommand, runCommand, generateCommand, translateCommand, exportCommand, evaluateCommand, lineageCommand, benchCommand];

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
  // bench speaks JSON lines only, so its errors are JSON too.
  const json = argv.includes('--json') || argv.includes('bench');
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
