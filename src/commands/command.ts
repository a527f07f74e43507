/**
 * What every command receives and declares.
 * @module
 */

import type { FlagValue } from "../config/argv.ts";
import type { FlagSpec } from "../config/flag_spec.ts";
import type { SettingSource } from "../config/setting_source.ts";
import type { Deps } from "../deps.ts";

/** A command's inputs: parsed flags, remaining arguments, settings, the outside world. */
export interface CommandContext {
  deps: Deps;
  flags: ReadonlyMap<string, FlagValue>;
  /** Positionals after the command path. */
  args: readonly string[];
  source: SettingSource;
  /** Prints `Warning: <message>` on stderr. */
  warn(message: string): void;
}

/** A command as the dispatcher and the help see it. */
export interface CommandDefinition {
  /** Words after `authgate`: `["token", "get"]`; `[]` for the main flow. */
  path: readonly string[];
  summary: string;
  /** Flags of this command, besides the settings flags. */
  flags: readonly FlagSpec[];
  /** Its positional arguments for usage text (`SHELL`); none accepted when absent. */
  positionals?: string;
  /** Whether it accepts the settings flags (client id, store...). */
  usesSettings: boolean;
  examples?: readonly string[];
  /** Runs it; the implementation module is imported only now. */
  run(context: CommandContext): Promise<number>;
}
