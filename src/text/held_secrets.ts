/**
 * The secrets this process holds or has sent (access, refresh and ID tokens,
 * device codes, the client secret), and the stderr sink that redacts them.
 *
 * Redaction happens where text leaves for the terminal, not where it is
 * built: a server can echo a token inside any message (an
 * `error_description`, a userinfo claim, a discovery error), and one sink
 * catches every path, including ones added later.
 * @module
 */

import type { TextSink } from "../deps.ts";
import { redactSecrets } from "./server_text.ts";

/** The secrets to keep off stderr. */
export class HeldSecrets {
  readonly #values = new Set<string>();

  /**
   * Remembers secrets (empty and missing values are skipped).
   *
   * @param values Tokens, codes, a client secret.
   */
  hold(...values: (string | undefined)[]): void {
    for (const value of values) if (value) this.#values.add(value);
  }

  /**
   * Removes every held secret from `text`.
   *
   * @param text Any text.
   * @returns The text, each secret replaced with `[redacted]`.
   */
  redact(text: string): string {
    return this.#values.size === 0 ? text : redactSecrets(text, this.#values);
  }
}

/**
 * A sink that redacts the held secrets from everything written to `sink`.
 * Every message is written in one call, so a secret is never split.
 *
 * @param sink The real sink (stderr).
 * @param secrets The secrets.
 * @returns The redacting sink.
 */
export function redactingSink(sink: TextSink, secrets: HeldSecrets): TextSink {
  return { write: (text) => sink.write(secrets.redact(text)) };
}
