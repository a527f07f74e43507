/**
 * Linux and BSD: the Secret Service (gnome-keyring, KWallet, KeePassXC...)
 * through libsecret's `secret-tool`. Items carry the attributes the Go
 * client's keyring library (zalando/go-keyring) uses, `service` and
 * `username`, plus `account`, so either program finds the other's key.
 * @module
 */

import { type HelperResult, type HelperRunner, runHelper } from "./helper_process.ts";
import {
  firstLine,
  KEYRING_READ_TIMEOUT_MS,
  KEYRING_WRITE_TIMEOUT_MS,
  type KeyringBackend,
  KeyringUnavailableError,
} from "./keyring_backend.ts";

/** The helper program, resolved through PATH (the permission set allows exactly it). */
export const SECRET_TOOL_PROGRAM = "secret-tool";

/** Options of {@linkcode SecretToolBackend}. */
export interface SecretToolOptions {
  /** Runs the helper (tests pass a recording fake). */
  run?: HelperRunner;
  /**
   * Variables the helper needs to find the session bus (`DBUS_SESSION_BUS_ADDRESS`,
   * `XDG_RUNTIME_DIR`), taken from the CLI's own environment.
   */
  env?: Record<string, string>;
  readTimeoutMs?: number;
  writeTimeoutMs?: number;
}

/** The Secret Service through `secret-tool`. */
export class SecretToolBackend implements KeyringBackend {
  readonly name = "Secret Service (secret-tool)";
  readonly #run: HelperRunner;
  readonly #env?: Record<string, string>;
  readonly #readTimeoutMs: number;
  readonly #writeTimeoutMs: number;

  constructor(options: SecretToolOptions = {}) {
    this.#run = options.run ?? runHelper;
    this.#env = options.env;
    this.#readTimeoutMs = options.readTimeoutMs ?? KEYRING_READ_TIMEOUT_MS;
    this.#writeTimeoutMs = options.writeTimeoutMs ?? KEYRING_WRITE_TIMEOUT_MS;
  }

  async get(service: string, account: string): Promise<string | undefined> {
    const result = await this.#run({
      program: SECRET_TOOL_PROGRAM,
      args: ["lookup", "service", service, "username", account],
      timeoutMs: this.#readTimeoutMs,
      env: this.#env,
    });
    if (result.code === 0) return result.stdout.replace(/\r?\n$/, "");
    if (result.code !== 1 || result.stderr.trim() !== "") throw failure("lookup", result);
    // Silence and exit 1: no item matches, or it sits in a locked collection.
    if (await this.#lockedItemExists(service, account)) {
      throw new KeyringUnavailableError(
        "the keyring collection holding the key is locked (unlock it, for example by logging in to the desktop session)",
      );
    }
    return undefined;
  }

  /** `search` lists an item even when its collection is locked (without its secret). */
  async #lockedItemExists(service: string, account: string): Promise<boolean> {
    const result = await this.#run({
      program: SECRET_TOOL_PROGRAM,
      args: ["search", "service", service, "username", account],
      timeoutMs: this.#readTimeoutMs,
      env: this.#env,
    });
    return result.code === 0 && result.stdout.trim() !== "";
  }

  async set(service: string, account: string, secret: string): Promise<void> {
    const result = await this.#run({
      program: SECRET_TOOL_PROGRAM,
      args: [
        "store",
        `--label=Password for '${account}' on '${service}'`,
        "service",
        service,
        "username",
        account,
        "account",
        account,
      ],
      stdin: secret,
      timeoutMs: this.#writeTimeoutMs,
      env: this.#env,
    });
    if (result.code !== 0) throw failure("store", result);
  }
}

function failure(operation: string, result: HelperResult): KeyringUnavailableError {
  const reason = firstLine(result.stderr).replace(/^secret-tool: /, "") ||
    `exit code ${result.code}`;
  return new KeyringUnavailableError(`secret-tool ${operation} failed: ${reason}`);
}
