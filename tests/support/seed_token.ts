/**
 * Puts a real token from the test authorization server into a token file, as
 * a login would have, without going through the CLI's login command.
 * @module
 */

import type { AuthServer } from "../../scripts/dev_server/auth_server.ts";
import { FileTokenStore } from "../../src/store/file_store.ts";
import type { TokenStore } from "../../src/store/token_store.ts";
import type { StoredToken } from "../../src/token/stored_token.ts";

/** Options of {@linkcode seedToken}. */
export interface SeedOptions {
  /** Override the stored expiry (epoch ms); default now + expires_in. */
  expiresAt?: number;
  clientId?: string;
  /** Save through this store instead of the plain file at `tokenFile` (e.g. keyring mode). */
  store?: TokenStore;
}

/**
 * Runs a device grant at `server` (approved through its real pages) and saves
 * the result to `tokenFile`.
 *
 * @returns The stored token.
 */
export async function seedToken(
  server: AuthServer,
  tokenFile: string,
  options: SeedOptions = {},
): Promise<StoredToken> {
  const response = await server.deviceLogin({ clientId: options.clientId });
  const token: StoredToken = {
    accessToken: String(response.access_token),
    refreshToken: String(response.refresh_token ?? ""),
    tokenType: "Bearer",
    scope: response.scope as string | undefined,
    idToken: response.id_token as string | undefined,
    expiresAt: options.expiresAt ?? Date.now() + Number(response.expires_in) * 1000,
    clientId: options.clientId ?? server.clientId,
  };
  const store = options.store ?? new FileTokenStore(tokenFile);
  await store.withLock(5_000, (locked) => locked.save(token));
  return token;
}

/** Reads the stored token of `clientId`. */
export function readStoredToken(tokenFile: string, clientId: string) {
  return new FileTokenStore(tokenFile).load(clientId);
}
