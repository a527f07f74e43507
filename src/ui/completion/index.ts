/**
 * Completion scripts for every supported shell, from one model of the
 * command table.
 * @module
 */

import type { CommandTable } from "../../config/command.ts";
import type { CompletionShell } from "../../config/setting_flags.ts";
import { bashCompletion } from "./bash.ts";
import { fishCompletion } from "./fish.ts";
import { completionModel } from "./model.ts";
import { powershellCompletion } from "./powershell.ts";
import { zshCompletion } from "./zsh.ts";

const RENDERERS: Record<CompletionShell, (model: ReturnType<typeof completionModel>) => string> = {
  bash: bashCompletion,
  zsh: zshCompletion,
  fish: fishCompletion,
  powershell: powershellCompletion,
};

/**
 * The completion script for `shell`.
 *
 * @param table The command table.
 * @param shell The shell.
 * @returns The script.
 */
export function completionScript(table: CommandTable, shell: CompletionShell): string {
  return RENDERERS[shell](completionModel(table));
}
