/**
 * `auto` mode: the keyring store when the OS keyring answers, else the plain
 * token file. Whether it can answer is first decided without spawning
 * anything (see keyringAbsenceReason), so the fresh `token get` path of a
 * container pays nothing; the keyring is only asked when it might answer.
 *
 * The fallback warning is printed once per process: at once when the keyring
 * was asked and failed, or, when it was ruled out without asking, at the
 * first write to the plain file (so the fresh read path stays silent, as the
 * Go client's `token get` is).
 * @module
 */

import type { StoredToken } from "../token/stored_token.ts";
import type { KeyringTokenStore } from "./keyring_store.ts";
import { KeyringStoreUnavailableError } from "./keyring_unavailable.ts";
import type { LockedTokenStore, TokenStore } from "./token_store.ts";

/** The warning, word for word the Go client's. */
export const KEYRING_FALLBACK_WARNING =
  "OS keyring unavailable, falling back to file-based token storage";

/** Options of {@linkcode AutoTokenStore}. */
export interface AutoTokenStoreOptions {
  /** The plain token file store. */
  plain: TokenStore;
  /** Opens the keyring store (its modules are loaded only when called). */
  openKeyring: () => Promise<KeyringTokenStore>;
  /** Set when the keyring was ruled out without asking it: why. */
  absentReason?: string;
  /** Prints `Warning: <message>`. */
  warn(message: string): void;
}

/** The store of `auto` mode. */
export class AutoTokenStore implements TokenStore {
  readonly #plain: TokenStore;
  readonly #openKeyring: () => Promise<KeyringTokenStore>;
  readonly #warn: (message: string) => void;
  #keyring?: Promise<KeyringTokenStore>;
  #fallbackReason?: string;
  #warned = false;

  constructor(options: AutoTokenStoreOptions) {
    this.#plain = options.plain;
    this.#openKeyring = options.openKeyring;
    this.#warn = options.warn;
    this.#fallbackReason = options.absentReason;
  }

  /** The store in use so far: the plain file once fallen back, else the keyring's. */
  get description(): string {
    return this.#fallbackReason === undefined
      ? `auto (keyring, else ${this.#plain.description})`
      : this.#plain.description;
  }

  async load(clientId: string): Promise<StoredToken | undefined> {
    const keyring = await this.#candidate();
    if (keyring) {
      try {
        return await keyring.load(clientId);
      } catch (error) {
        this.#fallBackOn(error);
      }
    }
    return this.#plain.load(clientId);
  }

  async withLock<T>(
    timeoutMs: number,
    action: (store: LockedTokenStore) => Promise<T>,
  ): Promise<T> {
    const keyring = await this.#candidate();
    if (keyring) {
      let started = false;
      try {
        return await keyring.withLock(timeoutMs, (locked) => {
          started = true;
          return action(locked);
        });
      } catch (error) {
        if (started) throw error;
        this.#fallBackOn(error);
      }
    }
    this.#warnOnce();
    return this.#plain.withLock(timeoutMs, action);
  }

  #candidate(): Promise<KeyringTokenStore | undefined> {
    if (this.#fallbackReason !== undefined) return Promise.resolve(undefined);
    this.#keyring ??= this.#openKeyring();
    return this.#keyring;
  }

  /** Falls back if `error` says the keyring did not answer; rethrows anything else. */
  #fallBackOn(error: unknown): void {
    if (!(error instanceof KeyringStoreUnavailableError)) throw error;
    this.#fallbackReason = error.reason;
    this.#warnOnce();
  }

  #warnOnce(): void {
    if (this.#warned) return;
    this.#warned = true;
    this.#warn(`${KEYRING_FALLBACK_WARNING} (${this.#fallbackReason})`);
  }
}
