/**
 * `authgate help [command...]`: the same text as `--help`.
 * @module
 */

import type { CommandContext, CommandTable } from "./command.ts";

/**
 * Prints the help of the command or group that `words` name.
 *
 * @param table The command table.
 * @param words Words after `authgate help`.
 * @param context The command context.
 * @returns The exit code.
 */
export async function runHelp(
  table: CommandTable,
  words: readonly string[],
  context: CommandContext,
): Promise<number> {
  const { renderHelp } = await import("../ui/help.ts");
  context.deps.stdout.write(renderHelp(table, words));
  return 0;
}
