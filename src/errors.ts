/**
 * The exit codes every command uses (documented in README), and the error type
 * that carries one to `main`.
 * @module
 */

/** Process exit codes. One table for every command. */
export const ExitCode = {
  /** The command did what was asked. */
  OK: 0,
  /** The operation failed (network, server, store). */
  FAILURE: 1,
  /** Usage error: unknown command or flag, missing or malformed value. */
  USAGE: 2,
  /** No usable token and none can be obtained without an interactive login. */
  LOGIN_REQUIRED: 4,
  /** `--offline` was given but the token needs a refresh. */
  REFRESH_NEEDED_OFFLINE: 5,
  /**
   * A token was obtained (and printed) but could not be stored: it works, but
   * the stored refresh token is spent, so the next refresh needs a login.
   */
  LOGIN_NEEDED_SOON: 6,
  /** Interrupted by Ctrl-C (SIGINT). */
  INTERRUPTED: 130,
  /** Ended by SIGTERM (128 + 15). */
  TERMINATED: 143,
} as const;

/** One of the {@linkcode ExitCode} values. */
export type ExitCodeValue = typeof ExitCode[keyof typeof ExitCode];

/**
 * An error meant for the user: one line of message, an optional hint, and the
 * exit code. `main` prints it as `Error: ...` / `Hint: ...` without a stack.
 */
export class CliError extends Error {
  override name = "CliError";
  readonly exitCode: ExitCodeValue;
  readonly hint?: string;

  constructor(
    message: string,
    options: { exitCode?: ExitCodeValue; hint?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.exitCode = options.exitCode ?? ExitCode.FAILURE;
    this.hint = options.hint;
  }
}

/** A usage error (exit code 2): bad flag, bad value, unknown command. */
export class UsageError extends CliError {
  override name = "UsageError";

  constructor(message: string, hint?: string) {
    super(message, { exitCode: ExitCode.USAGE, hint });
  }
}

/**
 * Describes any thrown value in one line, for messages that wrap a cause.
 *
 * @param error The thrown value.
 * @returns Its message, or its string form.
 */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0];
}

/**
 * The hint an error carries, if any: a {@linkcode CliError}'s, or one a lower
 * layer attached (a transport failure names the settings that fix it).
 *
 * @param error The thrown value.
 * @returns The hint line, without the `Hint: ` prefix.
 */
export function errorHint(error: unknown): string | undefined {
  const hint = error instanceof Error ? (error as { hint?: unknown }).hint : undefined;
  return typeof hint === "string" && hint !== "" ? hint : undefined;
}
