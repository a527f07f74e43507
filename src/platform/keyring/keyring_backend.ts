/**
 * The one small interface every OS keyring backend implements: read or write
 * one secret, addressed by service and account.
 * @module
 */

/** One OS keyring: Secret Service, the macOS keychain or Windows Credential Manager. */
export interface KeyringBackend {
  /** What it is, for messages: `Secret Service (secret-tool)`. */
  readonly name: string;
  /**
   * Reads a secret.
   *
   * @param service The service name.
   * @param account The account name.
   * @returns The secret, or `undefined` when none is stored.
   * @throws {KeyringUnavailableError} when the keyring does not answer.
   */
  get(service: string, account: string): Promise<string | undefined>;
  /**
   * Creates or replaces a secret. The secret never goes on a command line.
   *
   * @param service The service name.
   * @param account The account name.
   * @param secret The secret.
   * @throws {KeyringUnavailableError} when the keyring does not answer or refuses.
   */
  set(service: string, account: string, secret: string): Promise<void>;
}

/**
 * The keyring did not answer: its helper program is missing, failed, timed
 * out, or the keyring refused the request. The message never contains a secret.
 */
export class KeyringUnavailableError extends Error {
  override name = "KeyringUnavailableError";
}

/** The first non-empty line of a helper's diagnostics, for one-line messages. */
export function firstLine(text: string): string {
  return text.split("\n").map((line) => line.trim()).find((line) => line !== "") ?? "";
}

/** How long a keyring read may take before the keyring counts as unavailable. */
export const KEYRING_READ_TIMEOUT_MS = 3_000;
/** How long a keyring write may take (it can wait for a keyring to be created or unlocked). */
export const KEYRING_WRITE_TIMEOUT_MS = 10_000;
