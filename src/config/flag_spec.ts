/**
 * Flag declarations. One table drives parsing, settings lookup, help text and
 * shell completion, so they cannot drift apart.
 * @module
 */

/** How a flag takes its value. */
export type FlagKind = "string" | "boolean" | "list";

/** A command-line flag, and the environment variable that backs it if any. */
export interface FlagSpec {
  /** Long name without dashes: `server-url`. */
  name: string;
  kind: FlagKind;
  /** One-letter alias without the dash. */
  short?: string;
  /** The environment variable (also read from `.env`) that sets it. */
  env?: string;
  /** Never read from `.env`: a setting a working directory must not choose (security opt-ins). */
  notFromDotenv?: boolean;
  /** The default shown in help. */
  defaultText?: string;
  /** The placeholder shown in help: `URL`, `DURATION`. */
  valueName?: string;
  /** One line for help. */
  description: string;
  /** The accepted values, if a fixed set: listed in help, offered by completion. */
  choices?: readonly string[];
}
