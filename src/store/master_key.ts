/**
 * The 32-byte AES-256 master key of keyring mode, kept in the OS keyring
 * exactly as the Go client keeps it: standard base64 (44 characters) under
 * service `authgate`, account `__authgate_master_key__`.
 * @module
 */

import {
  type KeyringBackend,
  KeyringUnavailableError,
} from "../platform/keyring/keyring_backend.ts";
import { decodeBase64, encodeBase64 } from "./base64.ts";

/** The keyring service the master key is stored under. */
export const KEYRING_SERVICE = "authgate";
/** The keyring account (go-keyring's "user") of the master key. */
export const MASTER_KEY_ACCOUNT = "__authgate_master_key__";
/** AES-256 key length. */
export const MASTER_KEY_BYTES = 32;

/** The master key in one OS keyring; read at most once per process unless asked. */
export class MasterKey {
  readonly #backend: KeyringBackend;
  #current?: Promise<Uint8Array | undefined>;

  /** @param backend The OS keyring. */
  constructor(backend: KeyringBackend) {
    this.#backend = backend;
  }

  /** The keyring's name, for messages. */
  get backendName(): string {
    return this.#backend.name;
  }

  /**
   * The stored key (read once, then remembered).
   *
   * @returns The key bytes, or `undefined` when no key is stored.
   * @throws {KeyringUnavailableError} when the keyring does not answer or
   * holds something that is not a base64-encoded 32-byte key.
   */
  lookup(): Promise<Uint8Array | undefined> {
    this.#current ??= this.#read();
    return this.#current;
  }

  /** Like {@linkcode lookup}, but asks the keyring again. */
  reread(): Promise<Uint8Array | undefined> {
    this.#current = this.#read();
    return this.#current;
  }

  /**
   * Generates a key, stores it, and reads it back to be sure the keyring kept it.
   *
   * @returns The new key.
   * @throws {KeyringUnavailableError} when the keyring refuses or loses it.
   */
  async create(): Promise<Uint8Array> {
    const key = crypto.getRandomValues(new Uint8Array(MASTER_KEY_BYTES));
    await this.#backend.set(KEYRING_SERVICE, MASTER_KEY_ACCOUNT, encodeBase64(key));
    const stored = await this.reread();
    if (!stored || encodeBase64(stored) !== encodeBase64(key)) {
      this.#current = undefined;
      throw new KeyringUnavailableError("the keyring accepted the new key but does not return it");
    }
    return key;
  }

  async #read(): Promise<Uint8Array | undefined> {
    const text = await this.#backend.get(KEYRING_SERVICE, MASTER_KEY_ACCOUNT);
    if (text === undefined) return undefined;
    const key = decodeBase64(text.trim());
    if (!key || key.length !== MASTER_KEY_BYTES) {
      throw new KeyringUnavailableError(
        `the keyring item "${MASTER_KEY_ACCOUNT}" of service "${KEYRING_SERVICE}" is not a base64-encoded ${MASTER_KEY_BYTES}-byte key`,
      );
    }
    return key;
  }
}
