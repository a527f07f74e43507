/**
 * Ctrl-C (SIGINT) and SIGTERM as an AbortSignal. The first signal aborts it, so
 * every wait (the callback server, device polling, requests) ends and cleans
 * up; a second one exits at once, in case something does not. SIGTERM (what
 * `kill`, systemd and container runtimes send) is handled like Ctrl-C; only the
 * exit code differs (143 = 128 + 15, as a shell reports a process it ended).
 * @module
 */

import { ExitCode, type ExitCodeValue } from "../errors.ts";

/** The signals that cancel a login. */
export type InterruptSignal = "SIGINT" | "SIGTERM";

/** A listener for the interrupting signals. */
export interface Interruption {
  /** Aborted (with an `InterruptedError` reason) on the first signal. */
  readonly signal: AbortSignal;
  /** Removes the listeners; the signals then have their default effect again. */
  dispose(): void;
}

/** The reason of an aborted {@linkcode Interruption} signal. */
export class InterruptedError extends Error {
  override name = "InterruptedError";

  /** @param by The signal that arrived. */
  constructor(readonly by: InterruptSignal = "SIGINT") {
    super("interrupted");
  }

  /** The exit code for it: 130 for SIGINT, 143 for SIGTERM. */
  get exitCode(): ExitCodeValue {
    return interruptExitCode(this.by);
  }
}

/**
 * The exit code of a process ended by `signal`.
 *
 * @param signal The signal.
 * @returns 130 for SIGINT, 143 for SIGTERM.
 */
export function interruptExitCode(signal: InterruptSignal): ExitCodeValue {
  return signal === "SIGTERM" ? ExitCode.TERMINATED : ExitCode.INTERRUPTED;
}

/**
 * Listens for SIGINT and SIGTERM until disposed. Windows has no SIGTERM
 * listener (Deno supports SIGINT and SIGBREAK there): Ctrl-C only.
 *
 * @param os The platform.
 * @returns The interruption.
 */
export function listenForInterrupt(os: typeof Deno.build.os = Deno.build.os): Interruption {
  const controller = new AbortController();
  const signals: InterruptSignal[] = os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
  const listeners = signals.map((name) => {
    const onSignal = () => {
      if (controller.signal.aborted) Deno.exit(interruptExitCode(name));
      controller.abort(new InterruptedError(name));
    };
    Deno.addSignalListener(name, onSignal);
    return () => Deno.removeSignalListener(name, onSignal);
  });
  return {
    signal: controller.signal,
    dispose: () => listeners.forEach((remove) => remove()),
  };
}
