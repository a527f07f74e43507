/**
 * The signals that cancel a login, with the exit code and the error line's
 * beginning each must give, for tests that send them to the CLI.
 * @module
 */

/** Ctrl-C and SIGTERM: the same cancellation, different exit codes. */
export const INTERRUPTIONS = [
  { signal: "SIGINT", code: 130, what: "interrupted" },
  { signal: "SIGTERM", code: 143, what: "interrupted by SIGTERM" },
] as const;
