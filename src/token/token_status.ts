/**
 * The offline facts `authgate token status` reports. Pure: the caller reads
 * the clock once and passes `now`.
 * @module
 */

import { isExpired, needsRefresh } from "./expiry.ts";
import type { StoredToken } from "./stored_token.ts";

/** Facts about the stored token, or its absence. */
export interface TokenStatus {
  clientId: string;
  /** The store kind: `file`, `keyring`. */
  store: string;
  /** Where the store keeps its data. */
  location: string;
  refreshThresholdMs: number;
  /** Undefined when no token is stored. */
  token?: {
    expiresAt: number;
    /** Milliseconds until expiry (negative once expired). */
    expiresInMs: number;
    expired: boolean;
    /** Whether the next `token get` refreshes it (inclusive at the threshold). */
    inRefreshWindow: boolean;
    refreshTokenStored: boolean;
    /** When the server rejected the stored refresh token (it is never sent again). */
    refreshRejectedAt?: number;
    idTokenStored: boolean;
    scope?: string;
  };
}

/**
 * Gathers the facts.
 *
 * @param token The stored token, if any.
 * @param context The client id, the store's description (`file /path`), the threshold, `now`.
 * @returns The facts.
 */
export function tokenStatus(
  token: StoredToken | undefined,
  context: { clientId: string; storeDescription: string; refreshThresholdMs: number; now: number },
): TokenStatus {
  const space = context.storeDescription.indexOf(" ");
  const status: TokenStatus = {
    clientId: context.clientId,
    store: space === -1 ? context.storeDescription : context.storeDescription.slice(0, space),
    location: space === -1 ? "" : context.storeDescription.slice(space + 1),
    refreshThresholdMs: context.refreshThresholdMs,
  };
  if (token) {
    const { now } = context;
    status.token = {
      expiresAt: token.expiresAt,
      expiresInMs: token.expiresAt - now,
      expired: isExpired(token, now),
      inRefreshWindow: needsRefresh(token, context.refreshThresholdMs, now),
      refreshTokenStored: token.refreshToken !== "",
      refreshRejectedAt: token.refreshRejectedAt,
      idTokenStored: Boolean(token.idToken),
      scope: token.scope,
    };
  }
  return status;
}
