/**
 * Token fixtures for unit tests.
 * @module
 */

import type { StoredToken } from "../../src/token/stored_token.ts";

/** A fixed instant the tests treat as "now": 2025-01-15T12:00:00Z. */
export const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);

/** One minute in milliseconds. */
export const MINUTE = 60_000;

/**
 * A stored token expiring in an hour from {@linkcode T0}, with overrides.
 *
 * @param overrides Fields to replace.
 * @returns The token.
 */
export function makeToken(overrides: Partial<StoredToken> = {}): StoredToken {
  return {
    accessToken: "access-token-0001",
    refreshToken: "refresh-token-0001",
    tokenType: "Bearer",
    expiresAt: T0 + 60 * MINUTE,
    clientId: "client-a",
    ...overrides,
  };
}
