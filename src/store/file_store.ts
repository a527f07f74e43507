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
import {
  checkedLocation,
  readTrustedFile,
  resolveTrustedPath,
  TOKEN_FILE_MAX_BYTES,
  type TrustPolicy,
} from "../platform/trusted_file.ts";
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
  /**
   * Whether the path may be a symlink (owned by the user) to follow: only a
   * path the user chose (flag or environment), never the default one.
   */
  followSymlink?: boolean;
  /** Receives the warning when the file's mode is narrowed to owner-only. */
  warn?: (message: string) => void;
}

/**
 * The file rules of a token file (see trusted_file.ts).
 *
 * @param options Whether a symlink may be followed, and the warning sink.
 * @returns The policy.
 */
export function tokenFilePolicy(
  options: Pick<FileTokenStoreOptions, "followSymlink" | "warn">,
): TrustPolicy {
  return {
    what: "token file",
    followSymlink: options.followSymlink ?? false,
    symlinkHint:
      "a symlink is followed only when you name it with --token-file or TOKEN_FILE; else replace it with the file",
    secret: true,
    maxBytes: TOKEN_FILE_MAX_BYTES,
    warn: options.warn,
  };
}

/** A token store backed by one JSON file. */
export class FileTokenStore implements TokenStore {
  readonly description: string;
  readonly #path: string;
  readonly #codec: EntryCodec;
  readonly #policy: TrustPolicy;

  /**
   * @param path The token file.
   * @param options Codec and display name.
   */
  constructor(path: string, options: FileTokenStoreOptions = {}) {
    this.#path = path;
    this.#codec = options.codec ?? PLAIN_CODEC;
    this.#policy = tokenFilePolicy(options);
    this.description = `${options.kind ?? "file"} ${path}`;
  }

  /** The token file path. */
  get path(): string {
    return this.#path;
  }

  async load(clientId: string): Promise<StoredToken | undefined> {
    const document = this.#read();
    return document && await this.#decodeEntry(document, clientId);
  }

  async withLock<T>(
    timeoutMs: number,
    action: (store: LockedTokenStore) => Promise<T>,
  ): Promise<T> {
    // The lock and the writes go where the reads go: the target of a followed
    // symlink (so the link survives), in directories nobody else can write.
    const target = checkedLocation(resolveTrustedPath(this.#path, this.#policy), this.#policy);
    let lock;
    try {
      lock = await acquireFileLock(`${target}.lock`, { timeoutMs });
    } catch (error) {
      if (error instanceof LockTimeoutError) throw new TokenStoreError(error.message);
      if (error instanceof CliError) throw error;
      throw new TokenStoreError(`cannot lock token file ${this.#path}: ${errorMessage(error)}`);
    }
    try {
      return await action({
        load: (clientId) => this.load(clientId),
        save: async (token) => {
          const entry = await this.#codec.encode(encodeStoredToken(token));
          await this.#update(target, token.clientId, entry);
        },
        remove: (clientId) => this.#update(target, clientId, undefined),
      });
    } finally {
      await lock.release();
    }
  }

  /** Reads and parses the file; `undefined` when it does not exist. */
  #read(): TokenFileDocument | undefined {
    let text: string | undefined;
    try {
      text = readTrustedFile(this.#path, this.#policy);
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new TokenStoreError(`cannot read token file ${this.#path}: ${errorMessage(error)}`);
    }
    if (text === undefined) return undefined;
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
  async #update(target: string, clientId: string, entry: string | undefined): Promise<boolean> {
    const document = this.#read() ?? { other: {}, data: Object.create(null) };
    const existed = Object.hasOwn(document.data, clientId);
    if (entry === undefined) {
      if (!existed) return false;
      delete document.data[clientId];
    } else {
      document.data[clientId] = entry;
    }
    try {
      await writeFileAtomic(target, serializeTokenFile(document));
    } catch (error) {
      throw new TokenStoreError(`cannot write token file ${this.#path}: ${errorMessage(error)}`);
    }
    return existed;
  }

  #invalid(reason: string): TokenStoreError {
    return new TokenStoreError(
      `token file ${this.#path} is not valid: ${reason}; fix or remove it`,
    );
  }
}
