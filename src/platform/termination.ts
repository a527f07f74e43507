/**
 * SIGINT and SIGTERM while something must be undone before the process ends
 * (the token file's lock): the registered cleanups run, synchronously, and the
 * process exits 130 (SIGINT) or 143 (SIGTERM), the codes a shell reports for a
 * process those signals killed. The listeners exist only while a cleanup is
 * registered, so otherwise the signals keep their default effect (and a
 * command's own Ctrl-C handling, like the login's, is left alone).
 * @module
 */

import { ExitCode } from "../errors.ts";

/** The signals and their exit codes; Windows delivers only SIGINT (and SIGBREAK). */
const SIGNALS: ReadonlyArray<readonly [Deno.Signal, number]> = Deno.build.os === "windows"
  ? [["SIGINT", ExitCode.INTERRUPTED]]
  : [["SIGINT", ExitCode.INTERRUPTED], ["SIGTERM", ExitCode.TERMINATED]];

const cleanups = new Set<() => void>();

const listeners = SIGNALS.map(([signal, code]) => {
  const onSignal = () => {
    for (const cleanup of cleanups) {
      try {
        cleanup();
      } catch {
        // Exiting anyway: one failed cleanup must not keep the others from running.
      }
    }
    Deno.exit(code);
  };
  return [signal, onSignal] as const;
});

/**
 * Runs `cleanup` if SIGINT or SIGTERM ends the process before the returned
 * function is called.
 *
 * @param cleanup Synchronous (the process exits right after it).
 * @returns Unregisters the cleanup; idempotent.
 */
export function cleanUpOnTermination(cleanup: () => void): () => void {
  if (cleanups.size === 0) {
    for (const [signal, onSignal] of listeners) Deno.addSignalListener(signal, onSignal);
  }
  cleanups.add(cleanup);
  return () => {
    if (!cleanups.delete(cleanup) || cleanups.size > 0) return;
    for (const [signal, onSignal] of listeners) Deno.removeSignalListener(signal, onSignal);
  };
}
