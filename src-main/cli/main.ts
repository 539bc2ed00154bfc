import { batchesCommand } from './commands/batches';
import { benchCommand } from './commands/bench';
import { datasetCommand, datasetsCommand, importCommand } from './commands/datasets';
import { deleteCommand, renameCommand } from './commands/delete';
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
import { parseCommandLine, UsageError, type CommandSpec } from './args';
import { appVersion } from '../engine/version';
import { EXIT, printJson, printLines, reportError } from './output';

/**
 * Every command. Each module imports only what its flags and words need at the top; the engine, tfjs and sharp
 * are imported inside `run`, so that `--help` and the listing commands start in a fraction of a second.
 */
export const COMMANDS: CommandSpec[] = [infoCommand, serveCommand, importCommand, datasetsCommand, datasetCommand, trainCommand, resumeCommand,
  runsCommand, runCommand, generateCommand, translateCommand, batchesCommand, exportCommand, evaluateCommand, lineageCommand, deleteCommand, renameCommand, benchCommand];

function help(command: CommandSpec | null): string[] {
  if (command) return [`usage: ${command.usage}`, '', command.summary];
  return [
    'usage: gan-studio <command> [options]',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    `  ${'help'.padEnd(10)} show a command's usage (help <command>)`,
    '',
    'Every command takes --home DIR (default $GAN_STUDIO_HOME, then the OS app-data folder) and --json.',
    'gan-studio --version prints the version.',
  ];
}

/** `gan-studio help [COMMAND]`: the same text as `gan-studio COMMAND --help`. */
const helpCommand: CommandSpec = {
  name: 'help',
  summary: "show a command's usage (help <command>)",
  usage: 'gan-studio help [COMMAND]',
  options: {},
  async run(parsed) {
    const [name, ...rest] = parsed.positionals;
    if (rest.length) throw new UsageError('help takes one command name: gan-studio help train');
    const command = name === undefined ? null : COMMANDS.find((c) => c.name === name);
    if (command === undefined) throw new UsageError(`unknown command '${name}': try gan-studio --help`);
    printLines(help(command));
    return EXIT.ok;
  },
};

/** The CLI: parses `argv`, runs one command, returns the CONTRACT exit code. Never throws. */
export async function main(argv: string[]): Promise<number> {
  // bench speaks JSON lines only, so its errors are JSON too.
  const json = argv.includes('--json') || argv.includes('bench');
  try {
    const { command, parsed } = parseCommandLine(argv, [...COMMANDS, helpCommand]);
    if (parsed.values.version) {
      if (parsed.json) printJson({ version: appVersion() });
      else printLines([`gan-studio ${appVersion()}`]);
      return EXIT.ok;
    }
    if (!command || parsed.values.help) {
      printLines(help(command === helpCommand ? null : command));
      return command || parsed.values.help ? EXIT.ok : EXIT.usage;
    }
    return await command.run(parsed);
  } catch (err) {
    return reportError(err, json);
  }
}
