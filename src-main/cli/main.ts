import { commandName, parseCommandLine, UsageError, type CommandSpec, type ParsedCommand } from './args';
import { COMMAND_INDEX, loadCommands } from './command-index';
import { appVersion } from '../engine/version';
import { EXIT, printJson, printLines, reportError } from './output';

function help(command: CommandSpec | null): string[] {
  if (command) return [`usage: ${command.usage}`, '', command.summary];
  const width = Math.max(...COMMAND_INDEX.map((c) => c.name.length)) + 1;
  return [
    'usage: gan-studio <command> [options]',
    '',
    ...COMMAND_INDEX.map((c) => `  ${c.name.padEnd(width)} ${c.summary}`),
    `  ${'help'.padEnd(width)} show a command's usage (help <command>)`,
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
    const entry = name === undefined ? null : COMMAND_INDEX.find((c) => c.name === name);
    if (entry === undefined) throw new UsageError(`unknown command '${name}': try gan-studio --help`);
    printLines(help(entry && (await entry.load())));
    return EXIT.ok;
  },
};

/**
 * Parses with only the named command loaded. A refused command line is parsed again against every command, so
 * that a flag of another command is named as such ("runs does not take --steps"): the error path may be slow.
 */
async function parseWithCommand(argv: string[]): Promise<{ command: CommandSpec | null; parsed: ParsedCommand }> {
  const name = commandName(argv);
  const entry = COMMAND_INDEX.find((c) => c.name === name);
  const chosen = entry ? [await entry.load()] : [];
  try {
    return parseCommandLine(argv, [...chosen, helpCommand]);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    parseCommandLine(argv, [...(await loadCommands()), helpCommand]);
    throw err;
  }
}

/** The CLI: parses `argv`, runs one command, returns the CONTRACT exit code. Never throws. */
export async function main(argv: string[]): Promise<number> {
  // bench speaks JSON lines only, so its errors are JSON too.
  const json = argv.includes('--json') || argv.includes('bench');
  try {
    const { command, parsed } = await parseWithCommand(argv);
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
