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
  readTrustedBytes,
  resolveTrustedPath,
  TOKEN_FILE_MAX_BYTES,
  type TrustPolicy,
} from "../platform/trusted_file.ts";
import { CliError, errorMessage } from "../errors.ts";
import { type EntryCodec, PLAIN_CODEC } from "./entry_codec.ts";
import {
  entriesOf,
  entryText,
  parseTokenFile,
  type TokenFileDocument,
  TokenFileFormatError,
  withEntry,
} from "./token_file_format.ts";
import {
  type LockedTokenStore,
  type PreparedSave,
  type TokenStore,
  TokenStoreError,
} from "./token_store.ts";

/**
 * Disk space claimed before a refresh beyond the current file size: room for
 * the new entry to be twice the old one, plus this.
 */
const RESERVE_SLACK_BYTES = 16 * 1024;

/** A write of the whole file, prepared (temp file created and sized) before its content is known. */
interface PreparedUpdate {
  /** Writes the document with the entry replaced (`text`) or removed (undefined). */
  commit(text: string | undefined): Promise<void>;
  discard(): Promise<void>;
}

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
  /** A buffer no document uses any more, for the next read. */
  #spare?: Uint8Array;
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
    if (!document) return undefined;
    try {
      return await this.#decodeEntry(document, clientId);
    } finally {
      // Nothing of this document outlives the call (the token's strings are copies): the next
      // read (the one under the lock, when refreshing) may reuse its buffer.
      this.#spare = new Uint8Array(document.bytes.buffer);
    }
  }

  async withLock<T>(
    timeoutMs: number,
    action: (store: LockedTokenStore) => Promise<T>,
  ): Promise<T> {
    // The lock and the writes go where the reads go: the target of a followed
    // symlink (so the link survives), in directories nobody else can write.
    const target = checkedLocation(resolveTrustedPath(this.#path, this.#policy), this.#policy);
    // Loaded only now: the fresh `token get` path reads and never locks.
    const { acquireFileLock, LockTimeoutError } = await import("./file_lock.ts");
    let lock;
    try {
      lock = await acquireFileLock(`${target}.lock`, { timeoutMs });
    } catch (error) {
      if (error instanceof LockTimeoutError) {
        throw new TokenStoreError(error.message, { hint: error.hint });
      }
      if (error instanceof CliError) throw error;
      throw new TokenStoreError(`cannot lock token file ${this.#path}: ${errorMessage(error)}`);
    }
    // The document as last read in this section: a commit splices into it. Under the lock
    // nobody else writes, and a re-read (after invalid_grant) refreshes it.
    let latest: TokenFileDocument | undefined;
    let read = false;
    const reread = () => {
      latest = this.#read();
      read = true;
      return latest;
    };
    const prepare = async (clientId: string): Promise<PreparedUpdate> => {
      const prepared = await this.#prepare(target, clientId, read ? latest : reread());
      return {
        discard: () => prepared.discard(),
        async commit(text) {
          read = false; // whatever happens, the file must be read again before the next write
          await prepared.commit(latest, text);
        },
      };
    };
    const prepareSave = async (clientId: string): Promise<PreparedSave> => {
      // A keyring that cannot seal is found before the refresh, like a full disk.
      await this.#codec.ready?.();
      const prepared = await prepare(clientId);
      return {
        discard: () => prepared.discard(),
        // Written under the client id it was prepared for: the one the refreshed token was read from.
        save: async (token) => {
          await prepared.commit(await this.#codec.encode(encodeStoredToken(token)));
        },
      };
    };
    const once = async (clientId: string, text: string | undefined) => {
      const prepared = await prepare(clientId);
      try {
        await prepared.commit(text);
      } finally {
        await prepared.discard();
      }
    };
    try {
      return await action({
        load: async (clientId) => {
          const document = await reread();
          return document && await this.#decodeEntry(document, clientId);
        },
        prepareSave,
        save: async (token, key = token.clientId) => {
          await once(key, await this.#codec.encode(encodeStoredToken(token)));
        },
        remove: async (clientId) => {
          const document = await reread();
          if (!document || entryText(document, clientId) === undefined) return false;
          await once(clientId, undefined);
          return true;
        },
      });
    } finally {
      await lock.release();
    }
  }

  /**
   * Claims the disk space of a write before its content is known: a full disk
   * or a read-only directory is found here. The caller holds the lock, so temp
   * files of earlier, killed writers are swept first.
   */
  async #prepare(
    target: string,
    clientId: string,
    document: TokenFileDocument | undefined,
  ): Promise<{
    commit(document: TokenFileDocument | undefined, text: string | undefined): Promise<void>;
    discard(): Promise<void>;
  }> {
    if (!document) this.#checkNewFileName();
    const span = document && entriesOf(document, clientId).at(-1);
    const reserve = (document?.bytes.length ?? 0) +
      2 * (span ? span.valueEnd - span.valueStart : 0) + RESERVE_SLACK_BYTES;
    let write;
    try {
      const { prepareAtomicWrite, removeLeftoverTemps } = await import("./atomic_write.ts");
      await removeLeftoverTemps(target);
      write = await prepareAtomicWrite(target, reserve);
    } catch (error) {
      throw this.#cannotWrite(error);
    }
    return {
      discard: () => write.discard(),
      commit: async (current, text) => {
        try {
          await write.commit(withEntry(current, clientId, text));
        } catch (error) {
          throw this.#cannotWrite(error);
        }
      },
    };
  }

  /**
   * A new token file must be named like one (`*.json`, `*.json.enc`): a
   * mistyped or planted `TOKEN_FILE` never creates `~/.bash_profile` or
   * `~/.ssh/authorized_keys`. An existing file keeps working whatever its name.
   */
  #checkNewFileName(): void {
    if (!/\.json(\.enc)?$/.test(this.#path)) {
      throw new TokenStoreError(
        `refusing to create token file ${this.#path}: a new token file's name must end in .json`,
      );
    }
  }

  #cannotWrite(error: unknown): TokenStoreError {
    return new TokenStoreError(`cannot write token file ${this.#path}: ${errorMessage(error)}`);
  }

  /** Reads and parses the file; `undefined` when it does not exist. */
  #read(): TokenFileDocument | undefined {
    let bytes: Uint8Array | undefined;
    try {
      const spare = this.#spare;
      this.#spare = undefined;
      bytes = readTrustedBytes(this.#path, this.#policy, spare);
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new TokenStoreError(`cannot read token file ${this.#path}: ${errorMessage(error)}`);
    }
    if (bytes === undefined) return undefined;
    try {
      return parseTokenFile(bytes);
    } catch (error) {
      if (error instanceof TokenFileFormatError) throw this.#invalid(error.message);
      throw error;
    }
  }

  async #decodeEntry(document: TokenFileDocument, clientId: string) {
    const stored = entryText(document, clientId);
    if (stored === undefined) return undefined;
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

  #invalid(reason: string): TokenStoreError {
    return new TokenStoreError(
      `token file ${this.#path} is not valid: ${reason}; fix or remove it`,
    );
  }
}
