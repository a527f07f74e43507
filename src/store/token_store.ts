/**
 * The store interface commands and use cases depend on. Files, encrypted
 * files with a keyring key, or test doubles sit behind it.
 * @module
 */

import type { StoredToken } from "../token/stored_token.ts";

/** Operations available while the store's exclusive lock is held. */
export interface LockedTokenStore {
  /** Reads the entry of `clientId` (or another entry key) afresh from storage. */
  load(clientId: string): Promise<StoredToken | undefined>;
  /** Writes `token` under `key` (default `token.clientId`); other entries are kept. */
  save(token: StoredToken, key?: string): Promise<void>;
  /**
   * Prepares the write of the entry under `key` (a client id, or another entry
   * key) before its new value exists (a refresh): the disk space is claimed and
   * the directory proven writable, so that a refresh token is never spent when
   * its successor cannot be stored.
   * @throws {TokenStoreError} when the store cannot be written.
   */
  prepareSave(key: string): Promise<PreparedSave>;
  /** Removes the entry of `clientId`; returns whether there was one. */
  remove(clientId: string): Promise<boolean>;
}

/** A write prepared by {@linkcode LockedTokenStore.prepareSave}. */
export interface PreparedSave {
  /**
   * Writes `token` as the entry of the client id it was prepared for; nothing
   * slow runs between the call and the atomic rename.
   * @throws {TokenStoreError} when the write fails all the same.
   */
  save(token: StoredToken): Promise<void>;
  /** Drops the preparation unless saved. Safe to call more than once. */
  discard(): Promise<void>;
}

/** A token store. */
export interface TokenStore {
  /** What and where, for status output: `file /home/me/.config/authgate/tokens.json`. */
  readonly description: string;
  /** Reads one entry without locking (writers replace the file atomically). */
  load(clientId: string): Promise<StoredToken | undefined>;
  /**
   * Runs `action` with the store's exclusive lock held, waiting at most
   * `timeoutMs` for it. Every write happens inside such a section.
   */
  withLock<T>(timeoutMs: number, action: (store: LockedTokenStore) => Promise<T>): Promise<T>;
}

/** The store cannot be read or written: unreadable, corrupt, foreign or locked. */
export class TokenStoreError extends Error {
  override name = "TokenStoreError";
  /** What to do about it, for the `Hint:` line. */
  readonly hint?: string;

  constructor(message: string, options: { hint?: string } = {}) {
    super(message);
    this.hint = options.hint;
  }
}
