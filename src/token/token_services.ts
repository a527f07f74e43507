/**
 * What the use cases ask of the network: refresh a token, obtain one with no
 * refresh token, revoke one. The use cases take these; the protocol layer
 * (src/oauth/) builds them, so neither imports the other's module.
 * @module
 */

import type { StoredToken } from "./stored_token.ts";

/** Sends refreshes. Built only when one is needed (it brings the network code). */
export interface Refresher {
  /** How long to wait for another process's refresh before giving up. */
  readonly lockTimeoutMs: number;
  /**
   * Sends one refresh for `token` and returns the token to store.
   * @throws an error whose `kind` is `"invalid_grant"` when the grant is dead.
   */
  refresh(token: StoredToken): Promise<StoredToken>;
}

/**
 * Gets a new token with no refresh token: a machine client's Client
 * Credentials request. Built only when one is needed (it brings the network code).
 */
export interface Obtainer {
  /** How long to wait for another process's request before giving up. */
  readonly lockTimeoutMs: number;
  /** Sends one token request for `clientId` and returns the token to store. */
  obtain(clientId: string): Promise<StoredToken>;
}

/** Revokes a token set at the server. Built only when revocation is wanted. */
export interface Revoker {
  /** How long to wait for the store lock (another process may be refreshing). */
  readonly lockTimeoutMs: number;
  /** Revokes the refresh and the access token; throws a token-free error if either fails. */
  revoke(token: StoredToken): Promise<void>;
}
