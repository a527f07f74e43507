/**
 * A store seen from one authorization server: it hands out only the entries
 * that server issued (or entries not bound yet), and files each new token
 * under the key of its own server. Every command reads and writes through it,
 * so no token reaches a server that did not issue it.
 * @module
 */

import { belongsToServer, secondaryEntryKey } from "../token/server_binding.ts";
import type { StoredToken } from "../token/stored_token.ts";
import { CliError, ExitCode } from "../errors.ts";
import type { LockedTokenStore, TokenStore } from "./token_store.ts";

/** What to do when the client id's entry belongs to another server. */
export type OtherServerPolicy =
  /** Report it: the `token` commands stop with "log in to this server" (exit 4). */
  | "error"
  /** Treat it as no token: the login stores a new one beside it. */
  | "absent";

/**
 * The error for a client id whose stored token belongs to another server.
 *
 * @param token The stored token.
 * @param serverUrl The configured server.
 * @returns A login-needed error (exit 4).
 */
function otherServerError(token: StoredToken, serverUrl: string): CliError {
  return new CliError(
    `the stored token for client-id "${token.clientId}" was issued by ${token.serverUrl}, ` +
      `not by the configured server ${serverUrl}`,
    {
      exitCode: ExitCode.LOGIN_REQUIRED,
      hint: `run 'authgate' to log in to ${serverUrl} (both tokens are then kept)`,
    },
  );
}

type Reader = Pick<LockedTokenStore, "load">;

/** The entry key and the token of `clientId` at `serverUrl`. */
async function find(
  reader: Reader,
  clientId: string,
  serverUrl: string | undefined,
  policy: OtherServerPolicy,
): Promise<{ key: string; token?: StoredToken; other?: StoredToken }> {
  const primary = await reader.load(clientId);
  if (primary && belongsToServer(primary, serverUrl)) return { key: clientId, token: primary };
  if (serverUrl === undefined) return { key: clientId };
  const key = secondaryEntryKey(clientId, serverUrl);
  const token = await reader.load(key);
  if (!primary) {
    // The first server's entry was deleted: a token for this server may still sit under its key.
    return token ? { key, token } : { key: clientId };
  }
  if (!token && policy === "error") throw otherServerError(primary, serverUrl);
  return { key, token, other: primary };
}

/**
 * Wraps `store` for the configured server.
 *
 * @param store The store.
 * @param serverUrl The configured server (canonical), or `undefined` when none
 * is configured: then an entry is used with the server it is bound to.
 * @param policy What a `load` of an entry bound to another server does.
 * @returns The bound store.
 */
export function serverBoundStore(
  store: TokenStore,
  serverUrl: string | undefined,
  policy: OtherServerPolicy,
): TokenStore {
  const bind = (locked: LockedTokenStore): LockedTokenStore => ({
    load: async (clientId) => (await find(locked, clientId, serverUrl, policy)).token,
    save: async (token, key) => {
      const server = token.serverUrl ?? serverUrl;
      key ??= (await find(locked, token.clientId, server, "absent")).key;
      await locked.save(token, key);
    },
    // A refresh: written under the key the refreshed token was read from.
    prepareSave: async (clientId) =>
      locked.prepareSave((await find(locked, clientId, serverUrl, "absent")).key),
    remove: async (clientId) => {
      const found = await find(locked, clientId, serverUrl, policy);
      return found.token ? await locked.remove(found.key) : false;
    },
  });
  return {
    description: store.description,
    load: async (clientId) => (await find(store, clientId, serverUrl, policy)).token,
    withLock: (timeoutMs, action) => store.withLock(timeoutMs, (locked) => action(bind(locked))),
  };
}
