/**
 * Token fixtures with unique, searchable texts (for checking what reaches the disk).
 * @module
 */

import type { StoredToken } from "../../src/token/stored_token.ts";

/**
 * A token whose texts are easy to search for in files.
 *
 * @param clientId The client id.
 * @param expiresAt Expiry (epoch ms); default: an hour from now.
 * @returns The token.
 */
export function sampleToken(clientId: string, expiresAt = Date.now() + 3_600_000): StoredToken {
  return {
    accessToken: `access-${clientId}-${crypto.randomUUID()}`,
    refreshToken: `refresh-${clientId}-${crypto.randomUUID()}`,
    tokenType: "Bearer",
    scope: "openid profile",
    idToken: `id-${clientId}-${crypto.randomUUID()}`,
    expiresAt,
    clientId,
  };
}

/** A fresh temp dir and a token file path inside it (the file does not exist yet). */
export async function tempTokenFile(): Promise<{ dir: string; tokenFile: string }> {
  const dir = await Deno.makeTempDir({ prefix: "authgate-test-" });
  return { dir, tokenFile: `${dir}/tokens.json` };
}
