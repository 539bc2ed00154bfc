import type { Studio } from '../engine/studio-types';
import type { CommandSpec, ParsedCommand } from './args';
import { withStudio } from './open-cli-studio';
import { printResult } from './output';

/** A command that reads one answer from the home and prints it. */
export interface ReadCommandSpec<I, A> extends Omit<CommandSpec, 'run'> {
  /** The call's input from the command line; bad usage throws here, before the home opens (opening creates it). */
  input(parsed: ParsedCommand): I;
  read(studio: Studio, input: I): Promise<A>;
  /** The answer as `--json` prints it (the CONTRACT fields, and more). */
  json(answer: A): unknown;
  /** The answer for people. */
  lines(answer: A): string[];
}

/** `datasets`, `dataset`, `runs`, `run`, `batches`, `lineage`, `info`: check the input, open the home, read, print. */
export function readCommand<I, A>(spec: ReadCommandSpec<I, A>): CommandSpec {
  const { input, read, json, lines, ...command } = spec;
  return {
    ...command,
    async run(parsed) {
      const given = input(parsed);
      return withStudio(parsed, async (studio) => {
        const answer = await read(studio, given);
        return printResult(parsed.json, json(answer), () => lines(answer));
      });
    },
  };
}
