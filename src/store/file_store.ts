/**
 * The token file store: one JSON document shared by several client ids,
 * replaced atomically under an exclusive lock file.
 * @module
 */

import {
  decodeStoredToken,
  encodeStoredToken,
  type StoredToken,
  TokenEntryError,
} from "../token/stored_token.ts";
import { CliError, errorMessage } from "../ui/errors.ts";
import { writeFileAtomic } from "./atomic_write.ts";
import { type EntryCodec, PLAIN_CODEC } from "./entry_codec.ts";
import { acquireFileLock, LockTimeoutError } from "./file_lock.ts";
import {
  parseTokenFile,
  serializeTokenFile,
  type TokenFileDocument,
  TokenFileFormatError,
} from "./token_file_format.ts";
import { type LockedTokenStore, type TokenStore, TokenStoreError } from "./token_store.ts";

/** Options of {@linkcode FileTokenStore}. */
export interface FileTokenStoreOptions {
  /** How entries are encoded (default: plain JSON text). */
  codec?: EntryCodec;
  /** The store's name in messages (default `file`). */
  kind?: string;
}

/** A token store backed by one JSON file. */
export class FileTokenStore implements TokenStore {
  readonly description: string;
  readonly #path: string;
  readonly #codec: EntryCodec;

  /**
   * @param path The token file.
   * @param options Codec and display name.
   */
  constructor(path: string, options: FileTokenStoreOptions = {}) {
    this.#path = path;
    this.#codec = options.codec ?? PLAIN_CODEC;
    this.description = `${options.kind ?? "file"} ${path}`;
  }

  /** The token file path. */
  get path(): string {
    return this.#path;
  }

  async load(clientId: string): Promise<StoredToken | undefined> {
    const document = await this.#read();
    return document && await this.#decodeEntry(document, clientId);
  }

  async withLock<T>(
    timeoutMs: number,
    action: (store: LockedTokenStore) => Promise<T>,
  ): Promise<T> {
    let lock;
    try {
      lock = await acquireFileLock(`${this.#path}.lock`, { timeoutMs });
    } catch (error) {
      if (error instanceof LockTimeoutError) {
        throw new TokenStoreError(error.message, { hint: error.hint });
      }
      throw new TokenStoreError(`cannot lock token file ${this.#path}: ${errorMessage(error)}`);
    }
    try {
      return await action({
        load: (clientId) => this.load(clientId),
        save: async (token, key = token.clientId) => {
          await this.#update(key, await this.#codec.encode(encodeStoredToken(token)));
        },
        remove: (clientId) => this.#update(clientId, undefined),
      });
    } finally {
      await lock.release();
    }
  }

  /** Reads and parses the file; `undefined` when it does not exist. */
  async #read(): Promise<TokenFileDocument | undefined> {
    let text: string;
    try {
      text = await Deno.readTextFile(this.#path);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return undefined;
      throw new TokenStoreError(`cannot read token file ${this.#path}: ${errorMessage(error)}`);
    }
    try {
      return parseTokenFile(text);
    } catch (error) {
      if (error instanceof TokenFileFormatError) throw this.#invalid(error.message);
      throw error;
    }
  }

  async #decodeEntry(document: TokenFileDocument, clientId: string) {
    if (!Object.hasOwn(document.data, clientId)) return undefined;
    const stored = document.data[clientId];
    let token: StoredToken;
    try {
      token = decodeStoredToken(await this.#codec.decode(stored));
    } catch (error) {
      // The codec's own user-facing errors (keyring unavailable, key missing) stand as they are.
      if (error instanceof CliError || error instanceof TokenStoreError) throw error;
      const reason = error instanceof TokenEntryError ? error.message : errorMessage(error);
      throw this.#invalid(`the entry for client id "${clientId}" cannot be read: ${reason}`);
    }
    return { ...token, clientId: token.clientId || clientId };
  }

  /** Read-modify-write of the whole file; the caller holds the lock. */
  async #update(clientId: string, entry: string | undefined): Promise<boolean> {
    const document = await this.#read() ?? this.#newDocument();
    const existed = Object.hasOwn(document.data, clientId);
    if (entry === undefined) {
      if (!existed) return false;
      delete document.data[clientId];
    } else {
      document.data[clientId] = entry;
    }
    try {
      await writeFileAtomic(this.#path, serializeTokenFile(document));
    } catch (error) {
      throw new TokenStoreError(`cannot write token file ${this.#path}: ${errorMessage(error)}`);
    }
    return existed;
  }

  /**
   * The document of a file about to be created. A new token file must be named
   * like one (`*.json`, `*.json.enc`): a mistyped or planted `TOKEN_FILE` never
   * creates `~/.bash_profile` or `~/.ssh/authorized_keys`.
   */
  #newDocument(): TokenFileDocument {
    if (!/\.json(\.enc)?$/.test(this.#path)) {
      throw new TokenStoreError(
        `refusing to create token file ${this.#path}: a new token file's name must end in .json`,
      );
    }
    return { other: {}, data: Object.create(null) };
  }

  #invalid(reason: string): TokenStoreError {
    return new TokenStoreError(
      `token file ${this.#path} is not valid: ${reason}; fix or remove it`,
    );
  }
}
