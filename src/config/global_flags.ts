/**
 * Flags every command line accepts, whatever the command.
 * @module
 */

import type { FlagSpec } from "./flag_spec.ts";

/** `--help` / `-h` anywhere, and `--version` instead of a command. */
export const GLOBAL_FLAGS = {
  help: {
    name: "help",
    short: "h",
    kind: "boolean",
    description: "Show help for the command and exit.",
  },
  version: {
    name: "version",
    kind: "boolean",
    description: "Show the version and exit (same as 'authgate version').",
  },
} as const satisfies Record<string, FlagSpec>;

/** The global flags as a list. */
export const GLOBAL_FLAG_LIST: readonly FlagSpec[] = Object.values(GLOBAL_FLAGS);
