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
  /** The environment variable (also read from the `.env` files) that sets it. */
  env?: string;
  /**
   * The setting chooses where tokens, credentials or files go (server, client,
   * secret, redirect, token file and store, security opt-ins): it is read from flags, the
   * environment and the user's own config file, never from a working
   * directory's `.env`, which whoever ships a repository writes.
   */
  trusted?: boolean;
  /** The default shown in help. */
  defaultText?: string;
  /** The placeholder shown in help: `URL`, `DURATION`. */
  valueName?: string;
  /** One line for help. */
  description: string;
  /** The accepted values, if a fixed set: listed in help, offered by completion. */
  choices?: readonly string[];
}
