/**
 * Token files for tests: a stored token with a chosen expiry, written in the
 * real token file format.
 * @module
 */

import { serializeTokenFile } from "../../src/store/token_file_format.ts";
import { encodeStoredToken, type StoredToken } from "../../src/token/stored_token.ts";

/** The client id test tokens belong to unless a test says otherwise. */
export const FIXTURE_CLIENT_ID = "authgate-dist-test";

/**
 * A token that expires `expiresInMs` after `now`.
 *
 * @param expiresInMs Lifetime left (negative: already expired).
 * @param overrides Fields to replace.
 * @param now The reference time (default: the wall clock).
 * @returns The token.
 */
export function fixtureToken(
  expiresInMs: number,
  overrides: Partial<StoredToken> = {},
  now = Date.now(),
): StoredToken {
  return {
    accessToken: `at-${crypto.randomUUID()}`,
    refreshToken: `rt-${crypto.randomUUID()}`,
    tokenType: "Bearer",
    expiresAt: now + expiresInMs,
    clientId: FIXTURE_CLIENT_ID,
    ...overrides,
  };
}

/**
 * Writes a token file holding `tokens` (one entry per client id).
 *
 * @param path The file to write.
 * @param tokens The entries.
 */
export async function writeTokenFile(path: string, tokens: readonly StoredToken[]): Promise<void> {
  const data = Object.fromEntries(tokens.map((t) => [t.clientId, encodeStoredToken(t)]));
  await Deno.writeTextFile(path, serializeTokenFile(data), { mode: 0o600 });
}
