/**
 * How the release scripts fail: one `Error:` line and a `Hint:`, exit 1,
 * never a stack trace.
 * @module
 */

/** A failed build step: one line and a hint, never a stack trace. */
export class BuildError extends Error {
  override name = "BuildError";
  /** What to do about it. */
  readonly hint?: string;

  constructor(message: string, hint?: string) {
    super(message);
    this.hint = hint;
  }
}

/**
 * Prints `error` as the scripts do and exits 1.
 *
 * @param error The thrown value.
 */
export function exitWithError(error: unknown): never {
  console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof BuildError && error.hint) console.error(`Hint: ${error.hint}`);
  Deno.exit(1);
}
