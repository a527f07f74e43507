/**
 * `auto` mode: the keyring store when the OS keyring answers, else the plain
 * token file. The choice is made from cheap facts first, so the fresh
 * `token get` path spawns nothing unless a keyring may hold its token:
 *
 * 1. No keyring in reach (no D-Bus session bus on Linux: a container, a CI
 *    job) → the plain file; nothing is spawned or loaded.
 * 2. `<TOKEN_FILE>.enc` exists → the keyring store (its key is needed anyway);
 *    if the keyring does not answer → the plain file, with the warning.
 * 3. Only the plain file exists → the plain file, without asking the keyring:
 *    its tokens are there, and a refresh goes back where the token came from.
 *    (The Go client would ask, and report "no stored token" when the keyring
 *    answers: a silent logout.)
 * 4. Neither exists → reads find nothing; the first write (a login) goes to
 *    the keyring when it answers, else to the plain file, with the warning.
 *
 * The warning ("OS keyring unavailable, falling back to file-based token
 * storage", word for word the Go client's) is printed at most once per
 * process: at once when a keyring was asked and failed or encrypted tokens are
 * out of reach, else at the first write to the plain file while no keyring is
 * in reach. The fresh read path of case 1 stays silent, as in the Go client.
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
  /** Its path (`TOKEN_FILE`). */
  plainPath: string;
  /** The keyring store's encrypted file (`<TOKEN_FILE>.enc`). */
  encryptedPath: string;
  /** Opens the keyring store (its modules are loaded only when called). */
  openKeyring: () => Promise<KeyringTokenStore>;
  /** Set when the keyring was ruled out without asking it: why. */
  absentReason?: string;
  /** Prints `Warning: <message>`. */
  warn(message: string): void;
  /** Whether a path exists (default: a real `stat`). */
  exists?: (path: string) => Promise<boolean>;
}

/** Which store serves this process. */
type Route =
  | { kind: "keyring" }
  /** `unavailable`: why no keyring answers, when that is known. */
  | { kind: "plain"; unavailable?: string }
  /** Nothing stored yet: reads find nothing, a write tries the keyring. */
  | { kind: "empty" };

/** The store of `auto` mode. */
export class AutoTokenStore implements TokenStore {
  readonly #options: AutoTokenStoreOptions;
  readonly #exists: (path: string) => Promise<boolean>;
  #route?: Route;
  #keyring?: Promise<KeyringTokenStore>;
  #warned = false;

  constructor(options: AutoTokenStoreOptions) {
    this.#options = options;
    this.#exists = options.exists ?? pathExists;
  }

  /** The store chosen so far. */
  get description(): string {
    if (this.#route?.kind === "plain") return this.#options.plain.description;
    if (this.#route?.kind === "keyring") return `keyring ${this.#options.encryptedPath}`;
    return `auto (keyring ${this.#options.encryptedPath}, else ${this.#options.plain.description})`;
  }

  async load(clientId: string): Promise<StoredToken | undefined> {
    const route = await this.#resolve();
    if (route.kind === "keyring") {
      try {
        return await (await this.#keyringStore()).load(clientId);
      } catch (error) {
        this.#fallBackOn(error);
      }
    }
    return this.#options.plain.load(clientId);
  }

  async withLock<T>(
    timeoutMs: number,
    action: (store: LockedTokenStore) => Promise<T>,
  ): Promise<T> {
    const route = await this.#resolve();
    if (route.kind === "keyring" || route.kind === "empty") {
      let started = false;
      try {
        const result = await (await this.#keyringStore()).withLock(timeoutMs, (locked) => {
          started = true;
          return action(locked);
        });
        this.#route = { kind: "keyring" };
        return result;
      } catch (error) {
        if (started) throw error;
        this.#fallBackOn(error);
      }
    }
    if (this.#route?.kind === "plain" && this.#route.unavailable !== undefined) this.#warnOnce();
    return this.#options.plain.withLock(timeoutMs, action);
  }

  async #resolve(): Promise<Route> {
    if (this.#route) return this.#route;
    const { absentReason, encryptedPath, plainPath } = this.#options;
    const encrypted = await this.#exists(encryptedPath);
    if (absentReason !== undefined) {
      this.#route = { kind: "plain", unavailable: absentReason };
      // Encrypted tokens out of reach deserve a word even on the read path.
      if (encrypted) this.#warnOnce();
      return this.#route;
    }
    if (encrypted) return this.#route = { kind: "keyring" };
    if (await this.#exists(plainPath)) return this.#route = { kind: "plain" };
    return { kind: "empty" };
  }

  #keyringStore(): Promise<KeyringTokenStore> {
    this.#keyring ??= this.#options.openKeyring();
    return this.#keyring;
  }

  /** Falls back if `error` says the keyring did not answer; rethrows anything else. */
  #fallBackOn(error: unknown): void {
    if (!(error instanceof KeyringStoreUnavailableError)) throw error;
    this.#route = { kind: "plain", unavailable: error.reason };
    this.#warnOnce();
  }

  #warnOnce(): void {
    if (this.#warned || this.#route?.kind !== "plain") return;
    this.#warned = true;
    this.#options.warn(`${KEYRING_FALLBACK_WARNING} (${this.#route.unavailable})`);
  }
}

async function pathExists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}
