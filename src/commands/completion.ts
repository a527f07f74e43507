/**
 * `authgate completion <shell>`: prints a completion script generated from
 * the command table (the renderers load only now).
 * @module
 */

import type { CommandContext, CommandTable } from "../config/command.ts";
import type { CompletionShell } from "../config/setting_flags.ts";

/**
 * Prints the completion script for `shell`.
 *
 * @param table The command table.
 * @param shell The shell (checked by the dispatcher against the choices).
 * @param context The command context.
 * @returns The exit code.
 */
export async function runCompletion(
  table: CommandTable,
  shell: CompletionShell,
  context: CommandContext,
): Promise<number> {
  const { completionScript } = await import("../ui/completion/index.ts");
  context.deps.stdout.write(completionScript(table, shell));
  return 0;
}
