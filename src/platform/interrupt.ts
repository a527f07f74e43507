/**
 * Ctrl-C as an AbortSignal. The first SIGINT aborts the signal, so every wait
 * (the callback server, device polling, requests) ends and cleans up; a second
 * SIGINT exits at once, in case something does not.
 * @module
 */

import { ExitCode } from "../ui/errors.ts";

/** A listener for Ctrl-C. */
export interface Interruption {
  /** Aborted (with an `InterruptedError` reason) on the first Ctrl-C. */
  readonly signal: AbortSignal;
  /** Removes the listener; Ctrl-C then has its default effect again. */
  dispose(): void;
}

/** The reason of an aborted {@linkcode Interruption} signal. */
export class InterruptedError extends Error {
  override name = "InterruptedError";
  constructor() {
    super("interrupted");
  }
}

/**
 * Listens for SIGINT (Ctrl-C) until disposed.
 *
 * @returns The interruption.
 */
export function listenForInterrupt(): Interruption {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) Deno.exit(ExitCode.INTERRUPTED);
    controller.abort(new InterruptedError());
  };
  Deno.addSignalListener("SIGINT", onSignal);
  return {
    signal: controller.signal,
    dispose: () => Deno.removeSignalListener("SIGINT", onSignal),
  };
}
