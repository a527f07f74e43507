/**
 * Expiry decisions. Pure: the caller reads the clock once and passes `now`, so
 * one decision never sees two different times.
 * @module
 */

import type { StoredToken } from "./stored_token.ts";

/**
 * Whether the token should be refreshed before use: no access token, or expiry
 * within `threshold` of `now` (inclusive: exactly at the threshold refreshes).
 *
 * @param token The stored token.
 * @param thresholdMs The refresh window in milliseconds.
 * @param now The current time in epoch milliseconds.
 */
export function needsRefresh(
  token: Pick<StoredToken, "accessToken" | "expiresAt">,
  thresholdMs: number,
  now: number,
): boolean {
  return token.accessToken === "" || token.expiresAt <= now + thresholdMs;
}

/**
 * Whether the access token can still be sent: present and `now` strictly before
 * expiry (a token is expired at the instant of its expiry).
 *
 * @param token The stored token.
 * @param now The current time in epoch milliseconds.
 */
export function tokenUsable(
  token: Pick<StoredToken, "accessToken" | "expiresAt">,
  now: number,
): boolean {
  return token.accessToken !== "" && now < token.expiresAt;
}

/**
 * Whether the token is expired at `now` (inclusive), as `--json` reports it.
 *
 * @param token The stored token.
 * @param now The current time in epoch milliseconds.
 */
export function isExpired(token: Pick<StoredToken, "expiresAt">, now: number): boolean {
  return now >= token.expiresAt;
}
