/**
 * macOS: the login keychain through `/usr/bin/security`, the way the Go
 * client's keyring library (zalando/go-keyring 0.2.x) does it: a generic
 * password with `-s <service> -a <account>`, written by `security -i` from a
 * command read on stdin (so the secret is never in argv), and stored as
 * `go-keyring-base64:` + base64(secret).
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

/** The helper program (an absolute path: the permission set allows exactly it). */
export const SECURITY_PROGRAM = "/usr/bin/security";

/** go-keyring's marker for base64-encoded secrets (what it writes). */
export const GO_KEYRING_BASE64_PREFIX = "go-keyring-base64:";
/** go-keyring's older marker for hex-encoded secrets (still read). */
export const GO_KEYRING_HEX_PREFIX = "go-keyring-encoded:";

/** `security`'s exit code for errSecItemNotFound. */
const ITEM_NOT_FOUND_EXIT = 44;

/** Options of {@linkcode MacKeychainBackend}. */
export interface MacKeychainOptions {
  /** Runs the helper (tests pass a recording fake). */
  run?: HelperRunner;
  /** The helper's environment (`HOME`, where the login keychain is found). */
  env?: Record<string, string>;
  readTimeoutMs?: number;
  writeTimeoutMs?: number;
}

/** The macOS login keychain through `/usr/bin/security`. */
export class MacKeychainBackend implements KeyringBackend {
  readonly name = "macOS keychain (security)";
  readonly #run: HelperRunner;
  readonly #env?: Record<string, string>;
  readonly #readTimeoutMs: number;
  readonly #writeTimeoutMs: number;

  constructor(options: MacKeychainOptions = {}) {
    this.#run = options.run ?? runHelper;
    this.#env = options.env;
    this.#readTimeoutMs = options.readTimeoutMs ?? KEYRING_READ_TIMEOUT_MS;
    this.#writeTimeoutMs = options.writeTimeoutMs ?? KEYRING_WRITE_TIMEOUT_MS;
  }

  async get(service: string, account: string): Promise<string | undefined> {
    const result = await this.#run({
      program: SECURITY_PROGRAM,
      args: ["find-generic-password", "-s", service, "-a", account, "-w"],
      env: this.#env,
      timeoutMs: this.#readTimeoutMs,
    });
    if (result.code === 0) return decodeKeychainSecret(result.stdout.trim());
    if (result.code === ITEM_NOT_FOUND_EXIT || result.stderr.includes("could not be found")) {
      return undefined;
    }
    throw failure("find-generic-password", result);
  }

  async set(service: string, account: string, secret: string): Promise<void> {
    const value = GO_KEYRING_BASE64_PREFIX + btoa(binaryString(secret));
    const command = `add-generic-password -U -s ${quoteArgument(service)} -a ${
      quoteArgument(account)
    } -w ${quoteArgument(value)}\n`;
    const result = await this.#run({
      program: SECURITY_PROGRAM,
      args: ["-i"],
      env: this.#env,
      stdin: command,
      timeoutMs: this.#writeTimeoutMs,
    });
    // Whether the item really arrived is checked by reading it back (see MasterKey.create).
    if (result.code !== 0) throw failure("add-generic-password", result);
  }
}

/**
 * Decodes what `security find-generic-password -w` printed: go-keyring's
 * base64 and hex encodings, or a plain secret.
 *
 * @param printed The trimmed output.
 * @returns The secret.
 */
export function decodeKeychainSecret(printed: string): string {
  try {
    if (printed.startsWith(GO_KEYRING_BASE64_PREFIX)) {
      return fromBinaryString(atob(printed.slice(GO_KEYRING_BASE64_PREFIX.length)));
    }
    if (printed.startsWith(GO_KEYRING_HEX_PREFIX)) {
      const hex = printed.slice(GO_KEYRING_HEX_PREFIX.length);
      if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new Error("not hex");
      const bytes = new Uint8Array(hex.length / 2).map((_, i) =>
        parseInt(hex.slice(2 * i, 2 * i + 2), 16)
      );
      return new TextDecoder().decode(bytes);
    }
  } catch {
    throw new KeyringUnavailableError("the keychain item has an unreadable encoding");
  }
  return printed;
}

/**
 * Quotes one argument for `security -i`'s command line the way a POSIX shell
 * would read it (single quotes unless the text is plainly safe).
 *
 * @param text The argument.
 * @returns The quoted argument.
 */
export function quoteArgument(text: string): string {
  if (text === "") return "''";
  if (!/[^\w@%+=:,./-]/.test(text)) return text;
  return `'${text.replaceAll("'", `'"'"'`)}'`;
}

function binaryString(text: string): string {
  return Array.from(new TextEncoder().encode(text), (b) => String.fromCharCode(b)).join("");
}

function fromBinaryString(binary: string): string {
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

function failure(operation: string, result: HelperResult): KeyringUnavailableError {
  const reason = firstLine(result.stderr) || `exit code ${result.code}`;
  return new KeyringUnavailableError(`security ${operation} failed: ${reason}`);
}
