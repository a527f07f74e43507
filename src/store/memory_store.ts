/**
 * `TOKEN_STORE=memory`: a store that keeps nothing beyond the process, for
 * machine clients where no file is writable (a read-only scratch container).
 * Every run starts empty, so every `token get` requests a new token.
 * @module
 */

import type { StoredToken } from "../token/stored_token.ts";
import type { LockedTokenStore, PreparedSave, TokenStore } from "./token_store.ts";

/** A token store in this process's memory; nothing reaches the disk. */
export class MemoryTokenStore implements TokenStore, LockedTokenStore {
  readonly description = "memory (nothing is kept after this run)";
  readonly #entries = new Map<string, StoredToken>();
  // Serialises the sections of this process, as the file lock does across processes.
  #tail: Promise<unknown> = Promise.resolve();

  load(clientId: string): Promise<StoredToken | undefined> {
    return Promise.resolve(this.#entries.get(clientId));
  }

  withLock<T>(_timeoutMs: number, action: (store: LockedTokenStore) => Promise<T>): Promise<T> {
    const run = this.#tail.then(() => action(this));
    this.#tail = run.catch(() => {});
    return run;
  }

  save(token: StoredToken, key = token.clientId): Promise<void> {
    this.#entries.set(key, token);
    return Promise.resolve();
  }

  prepareSave(key: string): Promise<PreparedSave> {
    // Nothing to claim in memory: the save cannot fail for want of space.
    return Promise.resolve({
      save: (token) => this.save(token, key),
      discard: () => Promise.resolve(),
    });
  }

  remove(clientId: string): Promise<boolean> {
    return Promise.resolve(this.#entries.delete(clientId));
  }
}
