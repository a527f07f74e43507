/**
 * `authgate help [command...]` and `--help` anywhere: one help text for both.
 * @module
 */

import type { TextSink } from "../deps.ts";
import type { CommandTable } from "../config/command.ts";

/**
 * Prints the help of the command or group that `words` name.
 *
 * @param table The command table.
 * @param words Words after `authgate help` (or the positionals beside `--help`).
 * @param stdout Where the help goes.
 * @returns The exit code.
 */
export async function runHelp(
  table: CommandTable,
  words: readonly string[],
  stdout: TextSink,
): Promise<number> {
  const { renderHelp } = await import("../ui/help.ts");
  stdout.write(renderHelp(table, words));
  return 0;
}
