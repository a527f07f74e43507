/**
 * The error a keyring-backed store raises when the OS keyring does not
 * answer. Its own small module: `auto` mode checks for it on the hot path
 * without loading the keyring code.
 * @module
 */

import { CliError } from "../errors.ts";

/** The OS keyring did not answer; `auto` mode falls back on it, `keyring` mode reports it. */
export class KeyringStoreUnavailableError extends CliError {
  override name = "KeyringStoreUnavailableError";
  /** What went wrong, without the "OS keyring unavailable" preamble. */
  readonly reason: string;

  /** @param reason What went wrong (never a secret). */
  constructor(reason: string) {
    super(`OS keyring unavailable: ${reason}`, {
      hint:
        "start or unlock the OS keyring (on Linux, a Secret Service such as gnome-keyring on the session bus), or use --token-store file",
    });
    this.reason = reason;
  }
}
