/**
 * `token delete`'s use case: revoke the tokens at the server (best effort),
 * then remove this client id's entry, all under the store lock so that a
 * refresh running in another process cannot write the token back.
 * @module
 */

import type { TokenStore } from "../store/token_store.ts";
import type { Revoker } from "../token/token_services.ts";
import { CliError, errorMessage } from "../errors.ts";

/** Waiting for the lock when nothing is revoked. */
const LOCAL_LOCK_TIMEOUT_MS = 15_000;

/** What the use case needs from outside. */
export interface DeleteTokenDeps {
  store: TokenStore;
  /** Absent for a local-only deletion. */
  revoker?: Revoker;
  /** Prints a status line (stderr). */
  info(message: string): void;
  warn(message: string): void;
}

/**
 * Deletes the stored token of `clientId`, revoking it first when a revoker
 * is given. A failed revocation warns and the local deletion proceeds.
 *
 * @param clientId The client id whose entry goes.
 * @param deps Store, revoker, output.
 * @returns Whether the server confirmed the revocation.
 * @throws {CliError} (exit 1) when no token is stored for `clientId`.
 */
export async function deleteToken(
  clientId: string,
  deps: DeleteTokenDeps,
): Promise<{ revoked: boolean }> {
  const { revoker } = deps;
  return await deps.store.withLock(
    revoker?.lockTimeoutMs ?? LOCAL_LOCK_TIMEOUT_MS,
    async (locked) => {
      const token = await locked.load(clientId);
      if (!token) {
        throw new CliError(`no stored token for client-id "${clientId}"`, {
          hint: "there is nothing to delete; 'authgate token status' shows the store in use",
        });
      }
      let revoked = false;
      if (revoker) {
        try {
          await revoker.revoke(token);
          revoked = true;
          deps.info("Token revoked on server.");
        } catch (error) {
          deps.warn(
            `server-side revocation failed: ${
              errorMessage(error)
            }; proceeding with local token deletion`,
          );
        }
      }
      await locked.remove(clientId);
      return { revoked };
    },
  );
}
