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
  /** Removes the entry of `clientId`; returns whether there was one. */
  remove(clientId: string): Promise<boolean>;
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
