/**
 * Keyring mode: the token file `<TOKEN_FILE>.enc`, each entry sealed with
 * AES-256-GCM under the master key that lives in the OS keyring. The key is
 * created on the first write (under the file lock, so two first logins cannot
 * race), never while encrypted entries exist that it would orphan, and never
 * removed by this store (`token delete` keeps it).
 * @module
 */

import {
  type KeyringBackend,
  KeyringUnavailableError,
} from "../platform/keyring/keyring_backend.ts";
import type { StoredToken } from "../token/stored_token.ts";
import { CliError } from "../errors.ts";
import { createEncryptedCodec, importEntryKey } from "./encrypted_codec.ts";
import { readTrustedBytes } from "../platform/trusted_file.ts";
import { FileTokenStore, type FileTokenStoreOptions, tokenFilePolicy } from "./file_store.ts";
import { KeyringStoreUnavailableError } from "./keyring_unavailable.ts";
import { KEYRING_SERVICE, MASTER_KEY_ACCOUNT, MasterKey } from "./master_key.ts";
import { parseTokenFile } from "./token_file_format.ts";
import type { LockedTokenStore, TokenStore } from "./token_store.ts";

/** The token store of keyring mode. */
export class KeyringTokenStore implements TokenStore {
  readonly description: string;
  readonly #path: string;
  readonly #key: MasterKey;
  readonly #file: FileTokenStore;
  readonly #fileOptions: Pick<FileTokenStoreOptions, "followSymlink" | "warn">;
  #entryKey?: { raw: Uint8Array; key: Promise<CryptoKey> };

  /**
   * @param path The encrypted token file (`<TOKEN_FILE>.enc`).
   * @param backend The OS keyring holding the master key.
   * @param fileOptions The file rules: whether a symlink may be followed, the warning sink.
   */
  constructor(
    path: string,
    backend: KeyringBackend,
    fileOptions: Pick<FileTokenStoreOptions, "followSymlink" | "warn"> = {},
  ) {
    this.#path = path;
    this.#fileOptions = fileOptions;
    this.#key = new MasterKey(backend);
    const keys = () => this.#existingEntryKey();
    this.#file = new FileTokenStore(path, {
      codec: createEncryptedCodec({ keyForReading: keys, keyForWriting: keys }),
      kind: "keyring",
      ...fileOptions,
    });
    this.description = this.#file.description;
  }

  /** The encrypted token file. */
  get path(): string {
    return this.#path;
  }

  /**
   * Reads one entry. The keyring is asked first even when the file does not
   * exist, so "no keyring" is reported as such rather than as "no token".
   */
  async load(clientId: string): Promise<StoredToken | undefined> {
    await this.#reach(() => this.#key.lookup());
    return this.#file.load(clientId);
  }

  /**
   * Runs `action` under the file lock, after making sure the keyring answers
   * and holds a key (creating one when the file has no encrypted entries).
   * A {@linkcode KeyringStoreUnavailableError} from here means `action` never ran.
   */
  withLock<T>(timeoutMs: number, action: (store: LockedTokenStore) => Promise<T>): Promise<T> {
    return this.#file.withLock(timeoutMs, async (locked) => {
      await this.#reach(() => this.#ensureKey());
      return action(locked);
    });
  }

  async #ensureKey(): Promise<void> {
    if (await this.#key.lookup()) return;
    // Another process may have created it while we waited for the lock.
    if (await this.#key.reread()) return;
    // A missing key with entries present is reported when an entry is used.
    if (this.#hasEntries()) return;
    await this.#key.create();
  }

  #hasEntries(): boolean {
    try {
      const bytes = readTrustedBytes(this.#path, tokenFilePolicy(this.#fileOptions));
      return bytes !== undefined && parseTokenFile(bytes).entries.length > 0;
    } catch {
      return true; // Not ours to judge here: the store's own read reports it.
    }
  }

  async #existingEntryKey(): Promise<CryptoKey> {
    const raw = await this.#reach(() => this.#key.lookup());
    if (!raw) {
      throw new CliError(
        `the encryption key of token file ${this.#path} is missing from the OS keyring (${this.#key.backendName}, service "${KEYRING_SERVICE}", account "${MASTER_KEY_ACCOUNT}")`,
        { hint: `restore that keyring item, or remove ${this.#path} and log in again` },
      );
    }
    if (this.#entryKey?.raw !== raw) this.#entryKey = { raw, key: importEntryKey(raw) };
    return this.#entryKey.key;
  }

  async #reach<T>(ask: () => Promise<T>): Promise<T> {
    try {
      return await ask();
    } catch (error) {
      if (error instanceof KeyringUnavailableError) {
        throw new KeyringStoreUnavailableError(`${this.#key.backendName}: ${error.message}`);
      }
      throw error;
    }
  }
}
