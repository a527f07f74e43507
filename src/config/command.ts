/**
 * What every command receives and declares.
 * @module
 */

import type { FlagValue } from "./argv.ts";
import type { FlagSpec } from "./flag_spec.ts";
import type { SettingSource } from "./setting_source.ts";
import type { Deps } from "../deps.ts";
import type { HeldSecrets } from "../text/held_secrets.ts";

/** A command's inputs: parsed flags, remaining arguments, settings, the outside world. */
export interface CommandContext {
  deps: Deps;
  flags: ReadonlyMap<string, FlagValue>;
  /** Positionals after the command path. */
  args: readonly string[];
  source: SettingSource;
  /** The secrets kept off stderr: whatever loads a token or a client secret adds it here. */
  secrets: HeldSecrets;
  /** Prints `Warning: <message>` on stderr. */
  warn(message: string): void;
}

/** A positional argument, for the usage line, the arity check and completion. */
export interface ArgSpec {
  /** Placeholder in usage: `shell`, `command`. */
  name: string;
  /** One line for help. */
  description: string;
  /** The accepted values, if a fixed set (checked, completed). */
  choices?: readonly string[];
  optional?: boolean;
  /** Takes every remaining word. */
  variadic?: boolean;
  /** Completion offers command names (for `help <command>`). */
  completesCommands?: boolean;
}

/** A command as the dispatcher, the help, the completion scripts and README see it. */
export interface CommandDefinition {
  /** Words after `authgate`: `["token", "get"]`; `[]` for the main flow. */
  path: readonly string[];
  /** One line: what it does. */
  summary: string;
  /** More paragraphs for `--help` and README (blank lines separate paragraphs). */
  description?: string;
  /** Flags of this command, besides the settings flags. */
  flags: readonly FlagSpec[];
  /** Whether it accepts the settings flags (client id, store...). */
  usesSettings: boolean;
  /** Positional arguments after the path; none when absent (extra words are an error). */
  args?: readonly ArgSpec[];
  /** Command lines shown in help and README. */
  examples?: readonly string[];
  /** Runs it; the implementation module is imported only now. */
  run(context: CommandContext): Promise<number>;
}

/** Words that only lead to subcommands (`authgate token`), with a line for help. */
export interface CommandGroup {
  path: readonly string[];
  summary: string;
}

/** The whole command-line surface: commands and the groups above them. */
export interface CommandTable {
  commands: readonly CommandDefinition[];
  groups: readonly CommandGroup[];
}
